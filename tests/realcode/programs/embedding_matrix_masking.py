# Modelled on zlpmichelle/crackingtensorflow, template/rnn/rnn.py (licence not stated): a frozen pre-trained
# embedding with masking, predicting the next word over the whole vocabulary.
import numpy as np
from keras.layers import LSTM, Dense, Dropout, Embedding, Input, Masking
from keras.models import Sequential

word_idx = {}
with open("vocab.txt") as handle:
    for line in handle:
        word = line.strip()
        if word and word not in word_idx:
            word_idx[word] = len(word_idx) + 1
num_words = len(word_idx) + 1
training_length = 50

embedding_matrix = np.zeros((num_words, 100))

model = Sequential()
model.add(Input(shape=(training_length,)))
model.add(
    Embedding(input_dim=num_words,
              output_dim=100,
              weights=[embedding_matrix],
              trainable=False,
              mask_zero=True))
model.add(Masking(mask_value=0.0))
model.add(LSTM(64, return_sequences=False, dropout=0.1, recurrent_dropout=0.1))  # expect LL301
model.add(Dense(64, activation='relu'))
model.add(Dropout(0.5))
model.add(Dense(num_words, activation='softmax'))  # never LL302

model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])  # never LL305
