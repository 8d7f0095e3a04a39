# Modelled on Satadru-coder/Intent-Classification, model/model.py (licence not stated): a tf.keras.Sequential
# text classifier.
import json

import numpy as np
import tensorflow as tf

with open("intents.json") as handle:
    intents = json.load(handle)

sentences = []
labels = []
for intent in intents["intents"]:
    for pattern in intent["patterns"]:
        sentences.append(pattern.lower())
        labels.append(intent["tag"])

# a word index as the Tokenizer builds it: 1-based, most frequent first
counts = {}
for sentence in sentences:
    for word in sentence.split():
        counts[word] = counts.get(word, 0) + 1
word_index = {word: index + 1 for index, word in enumerate(sorted(counts, key=lambda w: -counts[w]))}

vocab_size = 1000
embedding_dim = 16
max_length = 20
padded = np.zeros((len(sentences), max_length), dtype="int32")

model = tf.keras.Sequential([
    tf.keras.layers.Embedding(vocab_size, embedding_dim, input_length=max_length),  # expect LL303
    tf.keras.layers.Bidirectional(tf.keras.layers.LSTM(32)),
    tf.keras.layers.Dense(24, activation='relu'),
    tf.keras.layers.Dense(6, activation='sigmoid')
])
model.build(input_shape=(None, max_length))
model.compile(loss='sparse_categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
