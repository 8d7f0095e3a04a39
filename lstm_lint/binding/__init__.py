"""The Keras binding: what Keras's names, calls and objects mean, as a host of the evaluator."""
