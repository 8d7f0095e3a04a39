# Modelled on AlxndrMlk/ML_misc, [IMPL]_Keras_POS_tagging_RNN.py (licence not stated): `import keras.layers as L`,
# an InputLayer over variable-length sentences, sizes from the tagged corpus.
import keras
import keras.layers as L

all_words = set()
all_tags = set()
with open("brown_tagged.txt") as handle:
    for line in handle:
        for token in line.split():
            word, _, tag = token.rpartition("/")
            all_words.add(word.lower())
            all_tags.add(tag)
all_words = ["#EOS#", "#UNK#"] + sorted(all_words)
all_tags = ["#EOS#"] + sorted(all_tags)

model = keras.models.Sequential()
model.add(L.InputLayer([None], dtype='int32'))
model.add(L.Embedding(len(all_words), 50))
model.add(L.SimpleRNN(64, return_sequences=True))

# add top layer that predicts tag probabilities
stepwise_dense = L.Dense(len(all_tags), activation='softmax')
stepwise_dense = L.TimeDistributed(stepwise_dense)  # expect LL391
model.add(stepwise_dense)
model.compile('adam', 'categorical_crossentropy')
