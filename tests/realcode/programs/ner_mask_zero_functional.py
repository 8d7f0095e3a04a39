# Modelled on Kamin-At/LSTM-CRF-NER, using_keras.py (licence not stated): a masked functional BiLSTM tagger (the CRF
# head of keras_contrib replaced by a softmax Dense); sizes from the sentences file.
from keras.layers import LSTM, Embedding, Dense, TimeDistributed, Bidirectional, Input
from keras.models import Model

words = set()
tags = set()
sentences = []
with open("ner_dataset.txt") as handle:
    sentence = []
    for line in handle:
        if not line.strip():
            if sentence:
                sentences.append(sentence)
            sentence = []
            continue
        word, tag = line.split()
        words.add(word)
        tags.add(tag)
        sentence.append((word, tag))
    if sentence:
        sentences.append(sentence)

n_words = len(words)
n_tags = len(tags)
max_len = 75

input = Input(shape=(max_len,))
model = Embedding(input_dim=n_words + 1, output_dim=20, mask_zero=True)(input)  # 20-dim embedding
model = Bidirectional(LSTM(units=50, return_sequences=True, recurrent_dropout=0.1))(model)  # expect LL301
model = TimeDistributed(Dense(50, activation="relu"))(model)  # expect LL391
out = Dense(n_tags, activation="softmax")(model)

model = Model(input, out)
model.compile(optimizer="rmsprop", loss="categorical_crossentropy", metrics=["accuracy"])
