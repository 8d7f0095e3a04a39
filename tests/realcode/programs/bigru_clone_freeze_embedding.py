# Modelled on gezimonkey/Keras_Multi_Label_TextClassfication, models/text_bi_gru.py (licence not
# stated): a model class that takes a ready-made Embedding layer and builds a Bidirectional GRU with a
# sigmoid multi-label head in build(); here a clone of the model gets its embedding frozen through
# get_layer(name) for fine-tuning. The Input is named here: a clone of an unnamed Input gets a name
# lstm-lint does not know, so the trainable split after get_layer would be unknown.
import keras
from keras.layers import Input, GRU, Dense, Bidirectional, Embedding
from keras.models import Model


class TEXT_BI_GRU:
    def __init__(self, embedding_layer, class_len, max_sequence_len):
        self.embedding_layer = embedding_layer
        self.class_len = class_len
        self.max_sequence_len = max_sequence_len

    def build(self):
        input = Input(shape=(self.max_sequence_len,), name="tokens")
        embedding_layer = self.embedding_layer(input)
        x = Bidirectional(GRU(24))(embedding_layer)
        output = Dense(self.class_len, activation='sigmoid')(x)
        model = Model(inputs=input, outputs=output)
        return model


MAX_SEQUENCE_LEN = 50
embedding = Embedding(3000, 32, name="embedding")
model = TEXT_BI_GRU(embedding, class_len=6, max_sequence_len=MAX_SEQUENCE_LEN).build()
fine_tune = keras.models.clone_model(model)
fine_tune.get_layer("embedding").trainable = False
