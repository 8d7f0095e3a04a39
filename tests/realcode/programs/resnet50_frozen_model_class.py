# Modelled on admal/MasterThesis, neural_networks/ResNet50Model.py (licence not stated): a model class
# deriving from the project's base class whose model() method freezes a headless ResNet50 with
# average pooling (weights=None here: no download) and stacks it in a Sequential after augmentation
# layers, with a two-unit head.
import tensorflow as tf
from tensorflow.keras.layers import RandomFlip, RandomRotation

INPUT_SHAPE = (64, 64, 3)


class ModelBase:
    def __init__(self, learning_rate=1e-4):
        self.learning_rate = learning_rate

    def compiled(self):
        model = self.model()
        model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=self.learning_rate),
                      loss='categorical_crossentropy', metrics=['accuracy'])
        return model


class ResNet50Model(ModelBase):
    def model(self):
        resnet = tf.keras.applications.ResNet50(weights=None, include_top=False, input_shape=INPUT_SHAPE,
                                                pooling='avg')
        resnet.trainable = False

        ret_model = tf.keras.models.Sequential()
        ret_model.add(tf.keras.Input(shape=INPUT_SHAPE))
        ret_model.add(RandomFlip('horizontal'))
        ret_model.add(RandomRotation(0.2))
        ret_model.add(resnet)
        ret_model.add(tf.keras.layers.Dense(2))
        ret_model.summary()
        return ret_model


model = ResNet50Model().compiled()
