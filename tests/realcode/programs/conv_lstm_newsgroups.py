# Modelled on m2dsupsdlclass/lectures-labs, labs/05_deep_nlp/solutions/lstm.py (licence not stated): convolutions
# and pooling before an LSTM, an embedding layer object applied to an int32 input.
import sys

from keras.layers import LSTM, Conv1D, Dense, Embedding, Input, MaxPooling1D
from keras.models import Model

MAX_NB_WORDS = 20000
MAX_SEQUENCE_LENGTH = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
EMBEDDING_DIM = 50

word_index = {}
with open("newsgroups.txt") as handle:
    for word in handle.read().split():
        word_index.setdefault(word, len(word_index) + 1)
nb_words = min(MAX_NB_WORDS, len(word_index)) + 1

embedding_layer = Embedding(nb_words, EMBEDDING_DIM, trainable=True)

# input: a sequence of MAX_SEQUENCE_LENGTH integers
sequence_input = Input(shape=(MAX_SEQUENCE_LENGTH,), dtype='int32')
embedded_sequences = embedding_layer(sequence_input)
x = Conv1D(64, 5)(embedded_sequences)
x = MaxPooling1D(5)(x)
x = Conv1D(64, 5)(x)
x = MaxPooling1D(5)(x)
x = LSTM(64)(x)
predictions = Dense(20, activation='softmax')(x)

model = Model(sequence_input, predictions)
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['acc'])
