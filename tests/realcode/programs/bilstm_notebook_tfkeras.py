# Modelled on Yindong-Zhang/myNER, bidirectional_LSTM.py (licence not stated), in the tf.keras notebook
# style: a pre-trained embedding matrix, stacked Bidirectional LSTMs over padded token ids, the
# embedding frozen by name with get_layer, compiled with an Adam instance.
import numpy as np
import tensorflow as tf
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import Input, Embedding, Bidirectional, LSTM, Dense, Dropout

vocab_size = 3000
maxlen = 60
embedding_matrix = np.zeros((vocab_size, 50), dtype="float32")

model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(vocab_size, 50, weights=[embedding_matrix], name="glove"))
model.add(Bidirectional(LSTM(64, return_sequences=True)))
model.add(Dropout(0.3))
model.add(Bidirectional(LSTM(32)))
model.add(Dense(16, activation="relu"))
model.add(Dense(1, activation="sigmoid"))
model.get_layer("glove").trainable = False
model.compile(optimizer=tf.keras.optimizers.Adam(learning_rate=1e-3), loss="binary_crossentropy",
              metrics=["accuracy"])
