# Modelled on Colprit/VideoAnomolyDetection, model.py and config.py (licence not stated): a
# spatio-temporal autoencoder for video clips -- TimeDistributed strided Conv2D encoder,
# LayerNormalization after every stage, three ConvLSTM2D layers, TimeDistributed Conv2DTranspose
# decoder. The clip length comes from the environment (the config's constants otherwise);
# tf.keras 2's batch_input_shape becomes input_shape.
import os

from keras.layers import Conv2D, Conv2DTranspose, ConvLSTM2D, LayerNormalization, TimeDistributed
from keras.models import Sequential

CLIP_LEN = int(os.environ.get("CLIP_LEN", "10"))
DIM = (CLIP_LEN, 256, 256)
N_CHANNELS = 1


def get_model():
    seq = Sequential()
    seq.add(TimeDistributed(
        Conv2D(16, (11, 11), strides=4, padding="same"),
        input_shape=(*DIM, N_CHANNELS)
    ))
    seq.add(LayerNormalization())
    seq.add(TimeDistributed(Conv2D(8, (8, 8), strides=4, padding="same")))
    seq.add(LayerNormalization())
    seq.add(ConvLSTM2D(8, (3, 3), padding="same", return_sequences=True))
    seq.add(LayerNormalization())
    seq.add(ConvLSTM2D(4, (2, 2), padding="same", return_sequences=True))
    seq.add(LayerNormalization())
    seq.add(ConvLSTM2D(8, (3, 3), padding="same", return_sequences=True))
    seq.add(LayerNormalization())
    seq.add(TimeDistributed(Conv2DTranspose(8, (8, 8), strides=4, padding="same")))
    seq.add(LayerNormalization())
    seq.add(TimeDistributed(Conv2DTranspose(16, (11, 11), strides=4, padding="same")))
    seq.add(LayerNormalization())
    seq.add(TimeDistributed(Conv2D(1, (11, 11), activation="sigmoid", padding="same")))
    seq.compile(loss='mse', optimizer='adam')
    return seq


seq = get_model()
