# Modelled on luke-dinh/Unsupervised-Learning, 03-AutoEncoder/train/cae_tf.py (licence not stated):
# a convolutional autoencoder whose decoder grows the maps back with unpadded Conv2DTranspose layers
# between LeakyReLUs; the image size comes from the training array instead of the CIFAR download.
import keras
import numpy as np
from keras.layers import Conv2D, Conv2DTranspose, LeakyReLU, MaxPool2D

x_train = np.load("x_train.npy")

input_image = keras.Input(shape=x_train.shape[1:])

# Encoder
x = Conv2D(16, (3, 3))(input_image)
x = LeakyReLU(alpha=0.1)(x)
x = MaxPool2D(pool_size=(2, 2))(x)
x = Conv2D(16, (3, 3))(x)
x = LeakyReLU(alpha=0.1)(x)
encode = MaxPool2D(pool_size=(2, 2))(x)

# Decoder
x = Conv2DTranspose(16, (3, 3))(encode)
x = LeakyReLU(alpha=0.1)(x)
x = Conv2DTranspose(16, (3, 3))(x)
x = LeakyReLU(alpha=0.1)(x)
decode = Conv2D(1, (3, 3), activation='sigmoid')(x)

cae = keras.Model(input_image, decode)
cae.compile(optimizer='adam', loss='binary_crossentropy')
