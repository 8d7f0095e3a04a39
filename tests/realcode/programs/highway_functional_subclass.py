# Modelled on jansam123/JIDENN, jidenn/models/Highway.py (licence not stated): a tf.keras.Model subclass
# whose __init__ builds a functional graph through a method (gated highway layers made in a loop, a
# `1 - gate` op on a symbolic tensor) and ends with super().__init__(inputs=..., outputs=...).
import tensorflow as tf
from typing import Callable, Optional


class HighwayModel(tf.keras.Model):
    def __init__(self,
                 layer_size: int,
                 num_layers: int,
                 input_size: int,
                 output_layer: tf.keras.layers.Layer,
                 activation: Callable,
                 dropout: Optional[float] = None,
                 preprocess: Optional[tf.keras.layers.Layer] = None) -> None:
        self._activation = activation
        self.layer_size, self.num_layers, self.dropout = layer_size, num_layers, dropout
        inputs = tf.keras.layers.Input(shape=(input_size, ))
        preprocessed = preprocess(inputs) if preprocess is not None else inputs
        hidden = self.gated_hidden_layers(preprocessed)
        output = output_layer(hidden)
        super().__init__(inputs=inputs, outputs=output)

    def gated_hidden_layers(self, inputs):
        hidden = tf.keras.layers.Dense(self.layer_size, activation=self._activation)(inputs)
        for _ in range(self.num_layers):
            pure_hidden = tf.keras.layers.Dense(self.layer_size, activation=self._activation)(hidden)
            gate = tf.keras.layers.Dense(self.layer_size, activation="sigmoid",
                                         bias_initializer=tf.keras.initializers.Constant(-2.0))(hidden)
            scaled_gate = tf.keras.layers.Multiply()([gate, hidden])
            scaled_pure_hidden = tf.keras.layers.Multiply()([1 - gate, pure_hidden])
            hidden = tf.keras.layers.Add()([scaled_gate, scaled_pure_hidden])
            if self.dropout is not None:
                hidden = tf.keras.layers.Dropout(self.dropout)(hidden)
        return hidden


model = HighwayModel(layer_size=32, num_layers=2, input_size=12,
                     output_layer=tf.keras.layers.Dense(3, activation="softmax"), activation="relu",
                     dropout=0.1, preprocess=tf.keras.layers.BatchNormalization())
model.summary()
