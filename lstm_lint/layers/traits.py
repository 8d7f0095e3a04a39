"""What a layer class is, as the rules ask it: traits declared on each entry of the registry.

A rule asks "is this layer recurrent?", never "is its class LSTM, GRU or SimpleRNN?": so a new
entry with the trait gets every diagnostic of its family. Each trait says what Keras does that the
rules rely on, with where in Keras's source it lives.
"""
from __future__ import annotations


class Trait:
    # Runs a cell over the time axis (axis 1) of its input (``keras/src/layers/rnn/rnn.py``): takes
    # ``return_sequences``, ``return_state``, ``go_backwards`` and ``stateful``, and returns
    # ``[output, *states]`` with ``return_state``. LSTM, GRU, SimpleRNN, RNN, ConvLSTM1D/2D/3D.
    RECURRENT = "recurrent"
    # Wraps recurrent layers and takes their ``return_sequences``/``return_state``/``stateful``
    # (``bidirectional.py``): rules read those settings from its ``layer`` argument.
    RECURRENT_WRAPPER = "recurrent_wrapper"
    # The constructor makes its layer arguments again from their configs (bidirectional.py: each
    # layer's ``from_config``): the ``__init__`` of an object of the program's own class among them
    # (an RNN's cell) runs again, and what it makes takes default names.
    COPIES_LAYERS = "copies_layers"
    # The constructor clamps ``dropout`` and ``recurrent_dropout`` to [0, 1] without a word
    # (``min(1.0, max(0.0, dropout))`` in lstm.py, gru.py, simple_rnn.py and conv_lstm.py cells).
    CLAMPS_DROPOUT = "clamps_dropout"
    # Applies a layer to each time step of its input (``time_distributed.py``).
    PER_STEP_WRAPPER = "per_step_wrapper"
    # Computes each position of the leading axes on its own, the same way every time (a matmul over
    # the last axis, an elementwise function): wrapping it in TimeDistributed changes nothing, and
    # every axis but the last passes through it.
    PER_POSITION = "per_position"
    # Drops inputs at random while training and keeps the shape (the dropout layers).
    DROPOUT = "dropout"
    # Its ``activation`` argument is applied to its output, over the last axis (a softmax there
    # normalises over the output's last axis): Dense, the convolutions, Activation.
    OUTPUT_ACTIVATION = "output_activation"
    # A softmax over ``axis`` (``softmax.py``).
    SOFTMAX = "softmax"
    # Adds one bias per output channel (``use_bias``) right after a linear map, with nothing in
    # between when ``activation`` is linear: a centring normalization right after cancels it.
    CHANNEL_BIAS = "channel_bias"
    # Its ``data_format`` decides where the channels are (``channels_last`` by default).
    DATA_FORMAT = "data_format"
    # With ``center=True``, subtracts a mean per channel of ``axis`` taken over every other axis,
    # then adds an offset of its own (``batch_normalization.py``): a bias per channel before it
    # is cancelled.
    CENTRES_PER_CHANNEL = "centres_per_channel"
    # Runs a Python function of the user's (``lambda_layer.py``): what it does to its input is not
    # followed.
    RUNS_USER_FUNCTION = "runs_user_function"
