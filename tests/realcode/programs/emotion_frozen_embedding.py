# Modelled on Garfounkel/emotion_analysis, src/models.py (licence not stated): a frozen Embedding
# from a pretrained matrix, two Bidirectional LSTMs, Flatten; the matrix's shape sets the sizes.
import numpy as np
from keras.models import Sequential
from keras.layers import *


def model_mine(embedding_matrix, max_seq_len):
    vocab_size = embedding_matrix.shape[0]
    embedding_size = embedding_matrix.shape[1]

    model = Sequential()
    model.add(Input(shape=(max_seq_len,)))
    model.add(Embedding(vocab_size, embedding_size, weights=[embedding_matrix],
                        trainable=False, name='embedding_layer'))
    model.add(Dropout(0.3))
    model.add(Bidirectional(LSTM(150, return_sequences=True)))
    model.add(Dropout(0.5))
    model.add(Bidirectional(LSTM(150, return_sequences=True)))
    model.add(Dropout(0.5))
    model.add(Flatten())
    model.add(Dense(4, activation='softmax'))

    model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])
    return model


embedding_matrix = np.zeros((1200, 50), dtype="float32")
model = model_mine(embedding_matrix, 30)
model.get_layer("embedding_layer").trainable = True
model.layers[2].trainable = False
