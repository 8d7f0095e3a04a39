# Modelled on shakes76/PatternFlow, recognition/s4571730/transformer.py (licence not stated): a
# Perceiver's latent transformer built in a loop of LayerNormalization, MultiHeadAttention and Dense
# blocks. Every block reads the original input (only the last one reaches the output), and the
# output starts as a deep copy of the input. The sizes come from the command line; tf.nn.gelu
# becomes its Keras twin.
import copy
import sys

import tensorflow as tf
from tensorflow.keras import layers


def transformer_layer(latent_size, proj_size, num_heads, num_trans_blocks):
    inputs_orig = layers.Input(shape=(latent_size, proj_size))

    input_plus_output = copy.deepcopy(inputs_orig)
    for _ in range(num_trans_blocks):
        norm = layers.LayerNormalization()(inputs_orig)
        # query, key and value are the same tensor: self-attention
        attention = layers.MultiHeadAttention(
            num_heads, proj_size)(norm, norm)

        attention = layers.Dense(proj_size)(attention)
        attention = layers.Add()([attention, inputs_orig])
        attention = layers.LayerNormalization()(attention)

        outputs = layers.Dense(proj_size, activation=tf.keras.activations.gelu)(attention)
        outputs = layers.Dense(proj_size)(outputs)

        input_plus_output = layers.Add()([outputs, attention])

    return tf.keras.Model(inputs=inputs_orig, outputs=input_plus_output)


LATENT_SIZE = int(sys.argv[1]) if len(sys.argv) > 1 else 256
PROJ_SIZE = int(sys.argv[2]) if len(sys.argv) > 2 else 27
NUM_HEADS = 8
NUM_TRANS_BLOCKS = 6

transformer = transformer_layer(LATENT_SIZE, PROJ_SIZE, NUM_HEADS, NUM_TRANS_BLOCKS)
