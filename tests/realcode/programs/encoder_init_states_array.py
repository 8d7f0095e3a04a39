# Modelled on Sparkzz-33/Static-Code-Summarization, Encoder.py (licence not stated): a seq2seq
# encoder Model subclass whose call takes initial states made by init_states(), built by a call on
# an array of token ids.
import numpy as np
import keras
from keras import layers, ops


class Encoder(keras.Model):
    def __init__(self, vocab_size, embedding_dim, hidden_dim):
        super(Encoder, self).__init__()
        self.hidden_dim = hidden_dim
        self.embedding = layers.Embedding(vocab_size, embedding_dim)
        self.lstm = layers.LSTM(hidden_dim, return_sequences=True, return_state=True)

    def call(self, input_sequence, states):
        embed = self.embedding(input_sequence)
        output, state_h, state_c = self.lstm(embed, initial_state=states)
        return output, state_h, state_c

    def init_states(self, batch_size):
        return (ops.zeros([batch_size, self.hidden_dim]), ops.zeros([batch_size, self.hidden_dim]))


BATCH_SIZE = 4
model = Encoder(vocab_size=300, embedding_dim=16, hidden_dim=32)
initial_states = model.init_states(BATCH_SIZE)
source = np.zeros((BATCH_SIZE, 12), dtype="int32")
encoder_outputs, en_state_h, en_state_c = model(source, initial_states)
