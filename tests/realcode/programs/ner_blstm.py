# Modelled on csprock/keras-NER, models/blstm_model.py (licence not stated): a tagger builder called with the
# vocabulary and tag counts of a CoNLL file.
from keras.layers import LSTM, Embedding, Dense, TimeDistributed, Bidirectional, Input
from keras.models import Model


def blstm_ner(max_len_sent, embedding_dims, num_tags):

    X_in = Input(shape=(max_len_sent,))
    X = Embedding(input_dim=embedding_dims[0],
                  output_dim=embedding_dims[1],
                  mask_zero=False,
                  name='embedding_layer')(X_in)

    X = Bidirectional(LSTM(max_len_sent, dropout=0.3, return_sequences=True))(X)
    X = TimeDistributed(Dense(num_tags, activation='softmax'))(X)  # expect LL391

    model = Model(inputs=X_in, outputs=X)
    return model


words = set()
tags = set()
with open("train.conll") as handle:
    for line in handle:
        parts = line.split()
        if len(parts) == 2:
            words.add(parts[0])
            tags.add(parts[1])

MAX_LEN = 25
model = blstm_ner(MAX_LEN, (len(words) + 2, 32), len(tags))
model.compile(optimizer="adam", loss="categorical_crossentropy", metrics=["accuracy"])
