# Modelled on mausam1112/Get-Hands-Dirty, Img-clf-with-ViT/nn/layers/patch.py (licence not stated):
# ViT patches cut with keras.ops.image.extract_patches and reshaped with the batch size read from
# the images, encoded with a learned position embedding over a range of patch indices.
import keras
from keras import layers, ops

IMAGE_SIZE = 32
PATCH_SIZE = 4
NUM_PATCHES = (IMAGE_SIZE // PATCH_SIZE) ** 2
PROJECTION_DIM = 16


class Patches(layers.Layer):
    def __init__(self, patch_size):
        super().__init__()
        self.patch_size = patch_size

    def call(self, images):
        input_shape = ops.shape(images)
        batch_size, height, width, channels = input_shape

        n_patch_h = height // self.patch_size
        n_patch_w = width // self.patch_size

        patches = ops.image.extract_patches(images, size=self.patch_size)
        patches = ops.reshape(
            patches,
            (
                batch_size,
                n_patch_h * n_patch_w,
                self.patch_size * self.patch_size * channels,
            ),
        )
        return patches

    def get_config(self):
        config = super().get_config()
        config.update({"patch_size": self.patch_size})
        return config


class PatchEncoder(layers.Layer):
    def __init__(self, num_patches, projection_dim):
        super().__init__()
        self.num_patches = num_patches
        self.projection = layers.Dense(units=projection_dim)
        self.position_embedding = layers.Embedding(input_dim=num_patches, output_dim=projection_dim)

    def call(self, patch):
        positions = ops.expand_dims(ops.arange(start=0, stop=self.num_patches, step=1), axis=0)
        projected_patches = self.projection(patch)
        return projected_patches + self.position_embedding(positions)


inputs = keras.Input(shape=(IMAGE_SIZE, IMAGE_SIZE, 3))
patches = Patches(PATCH_SIZE)(inputs)
encoded = PatchEncoder(NUM_PATCHES, PROJECTION_DIM)(patches)
x = layers.LayerNormalization(epsilon=1e-6)(encoded)
x = layers.MultiHeadAttention(num_heads=2, key_dim=PROJECTION_DIM, dropout=0.1)(x, x)
x = layers.Add()([x, encoded])
x = layers.Flatten()(layers.LayerNormalization(epsilon=1e-6)(x))
outputs = layers.Dense(10)(layers.Dropout(0.5)(x))
model = keras.Model(inputs=inputs, outputs=outputs)
