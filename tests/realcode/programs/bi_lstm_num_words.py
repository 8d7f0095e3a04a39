# Modelled on parikshitsen/DSA-and-Data-Science, Deep-Learning/Bi-LSTM.py (licence not stated): the vocabulary from
# the data.
import csv

import tensorflow as tf
from tensorflow.keras.layers import Embedding, LSTM, Dense, Dropout, Bidirectional
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import Adam

texts = []
with open("reviews.csv", newline="") as handle:
    for row in csv.DictReader(handle):
        texts.append(row["text"])

words = set()
for text in texts:
    words.update(text.split())
num_words = len(words) + 1

batch_size = 54
max_length = 314

bi_lstm = Sequential()
bi_lstm.add(Embedding(num_words, output_dim=45))
bi_lstm.add(Bidirectional(LSTM(64)))
bi_lstm.add(Dropout(0.5))
bi_lstm.add(Dense(5, activation='softmax'))
optimizer = Adam(learning_rate=0.01)
bi_lstm.compile(loss='sparse_categorical_crossentropy', optimizer=optimizer,
                metrics=["accuracy", tf.keras.metrics.CategoricalAccuracy()])
bi_lstm.build((None, max_length))
