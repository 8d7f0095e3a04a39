# Modelled on arpytanshu/ML-models, keras-character_model/README.md (licence not stated): the character-level text
# generator, one unit per character of the corpus.
from tensorflow.keras.layers import Activation, Dense, LSTM
from tensorflow.keras.models import Sequential
from tensorflow.keras.optimizers import RMSprop

with open("nietzsche.txt", encoding="utf-8") as f:
    text = f.read().lower()
chars = sorted(list(set(text)))
char_indices = dict((c, i) for i, c in enumerate(chars))

maxlen = 40
step = 3
sentences = []
for i in range(0, len(text) - maxlen, step):
    sentences.append(text[i: i + maxlen])

model = Sequential()
model.add(LSTM(128, input_shape=(maxlen, len(chars))))
model.add(Dense(len(chars)))
model.add(Activation('softmax'))

optimizer = RMSprop(learning_rate=0.01)
model.compile(loss='categorical_crossentropy', optimizer=optimizer)
