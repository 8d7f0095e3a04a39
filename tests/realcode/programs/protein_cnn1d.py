# Modelled on jingry/autoBioSeqpy, examples/EnsembleDL-ATG/model/CNN.py (licence not stated): module-level constants.
from keras.layers import Activation, Conv1D, Dense, Dropout, Embedding, GlobalMaxPooling1D, Input
from keras.models import Sequential

max_features = 26
embedding_size = 128
filters = 250
kernel_size = 13
hidden_dims = 125
maxlen = 200

print('Building model...')
model = Sequential()
model.add(Input(shape=(maxlen,)))
model.add(Embedding(max_features, embedding_size))
model.add(Dropout(0.2))
model.add(Conv1D(filters, kernel_size, padding='valid', activation='relu', strides=1))
model.add(GlobalMaxPooling1D())
model.add(Dense(hidden_dims))
model.add(Dropout(0.2))
model.add(Activation('relu'))
model.add(Dense(1))
model.add(Activation('sigmoid'))
model.compile(loss='binary_crossentropy', optimizer='adam', metrics=['acc'])
