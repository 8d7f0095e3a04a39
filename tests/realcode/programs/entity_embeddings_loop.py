# Modelled on chocobearz/NNChurn, test.py (licence not stated): one embedding per categorical column, sized by the
# column's distinct values, built in a loop (Keras 1's Merge written as a functional Concatenate).
import csv
import math

from keras.layers import Concatenate, Dense, Embedding, Input, Reshape
from keras.models import Model

with open("NNdata.csv", newline="") as handle:
    rows = list(csv.DictReader(handle))

categorical_vars = ["internetservice", "contract", "paymentmethod"]

inputs = []
embeddings = []
for categorical_var in categorical_vars:
    no_of_unique_cat = len({row[categorical_var] for row in rows})
    embedding_size = min(math.ceil(no_of_unique_cat / 2), 50)
    embedding_size = int(embedding_size)
    vocab = no_of_unique_cat + 1
    cat_input = Input(shape=(1,), name=categorical_var)
    embedded = Embedding(vocab, embedding_size)(cat_input)
    embeddings.append(Reshape(target_shape=(embedding_size,))(embedded))
    inputs.append(cat_input)

rest_input = Input(shape=(1,), name="tenure")
inputs.append(rest_input)
embeddings.append(Dense(16)(rest_input))

merged = Concatenate()(embeddings)
hidden = Dense(32, activation="relu")(merged)
full_model = Model(inputs=inputs, outputs=Dense(1, activation="sigmoid")(hidden))
full_model.compile(loss="binary_crossentropy", optimizer="adam")
