# Modelled on chandranitu/tutorials, 5.0_DataScience/code/DL/mobile/code/crop_images.py (licence not
# stated): Cropping2D before and after a Conv2D in a Sequential model, old-style convolution aliases
# imported alongside; the image size comes from the command line.
import sys

from keras.layers import Convolution2D as Conv2D
from keras.layers import Cropping2D
from keras.models import Sequential

side = int(sys.argv[1]) if len(sys.argv) > 1 else 28

model = Sequential()
model.add(Cropping2D(cropping=((2, 2), (4, 4)), input_shape=(side, side, 3)))
model.add(Conv2D(64, (3, 3), padding='same'))
model.add(Cropping2D(cropping=((2, 2), (2, 2))))
print(model.output_shape)
