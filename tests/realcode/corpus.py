"""The real-code corpus: reduced reproductions of Keras model code found in public repositories,
and what each run of each is given.

Every program lives in ``programs/NAME.py``; its first line names the public repository and file it
is modelled on. The programs keep the model-building code's structure and idioms -- builders in
functions and classes, loops and branches that add layers, sizes that flow from data files, folder
listings, ``sys.argv``, argparse and the environment, tf.keras 2-style arguments and import styles --
and replace data loading with small files the harness writes into each run's working directory.

``PROGRAMS`` says, per program, which models it binds (``var``: a module-level variable; the name
lstm-lint reports it under may be the builder function's), which of them the run inputs are meant
to change (the harness checks that they do, and that the others do not), and the runs: at least two
different inputs for every program that reads any.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, FrozenSet, List, Optional, Sequence

from tests.keras_diff.generator import ModelRef
from tests.soundness.cases import Case, FileContent, RunInput

PROGRAM_DIR = Path(__file__).resolve().parent / "programs"


@dataclass(frozen=True)
class Program:
    name: str
    models: Sequence[ModelRef]
    runs: Sequence[RunInput]
    varying: FrozenSet[str] = field(default_factory=frozenset)  # by the name lstm-lint reports the model under

    @property
    def path(self) -> Path:
        return PROGRAM_DIR / f"{self.name}.py"

    def case(self) -> Case:
        names = [ref.name for ref in self.models]
        assert self.varying <= set(names), f"varying names no model of {self.name}: {sorted(self.varying - set(names))}"
        return Case(name=self.name, source=self.path.read_text(encoding="utf-8"), models=list(self.models),
                    runs=list(self.runs), constructs={name: self.name for name in names},
                    varying=set(self.varying))


def var(target: str, name: Optional[str] = None) -> ModelRef:
    """A model bound to a module-level variable; ``name``: the name lstm-lint reports it under
    when that is not the variable's (a builder's model bound by its call is named by that
    binding, so this is rare)."""
    return ModelRef("var", target, name or target)


def call(function: str) -> ModelRef:
    """A builder function the program defines but never calls: the harness calls it with no
    arguments after the module has run."""
    return ModelRef("call", function, function)


def run(*argv: str, env: Optional[Dict[str, str]] = None, files: Optional[Dict[str, FileContent]] = None,
        dirs: Optional[Dict[str, List[str]]] = None) -> RunInput:
    return RunInput(argv=["train.py", *argv], env=dict(env or {}), files=dict(files or {}), dirs=dict(dirs or {}))


def lines(*rows: str) -> str:
    return "".join(row + "\n" for row in rows)


def intents(*tags: str) -> str:
    return json.dumps({"intents": [{"tag": tag, "patterns": [f"hello {tag}", f"what about {tag} now"]}
                                   for tag in tags]})


def csv_texts(*texts: str) -> str:
    return "id,text\n" + "".join(f"{index},{text}\n" for index, text in enumerate(texts))


def churn_rows(*rows: Sequence[str]) -> str:
    header = "internetservice,contract,paymentmethod,tenure\n"
    return header + "".join(",".join(row) + ",12\n" for row in rows)


SEQUENCE = frozenset({"model"})

PROGRAMS: List[Program] = [
    Program("covid_stacked_lstm", [var("model")],
            [run(files={"cases.npy": (30, 2)}), run("5", files={"cases.npy": (40, 4)})], SEQUENCE),
    Program("pypecast_lstm", [var("model")],
            [run(files={"train.npy": (20, 7)}), run("16", files={"train.npy": (20, 9)})],
            frozenset({"model"})),
    Program("intent_bilstm", [var("model")],
            [run(files={"intents.json": intents("greeting", "goodbye")}),
             run(files={"intents.json": intents("a", "b", "c", "d")})]),
    Program("bi_lstm_num_words", [var("bi_lstm")],
            [run(files={"reviews.csv": csv_texts("good film", "bad plot")}),
             run(files={"reviews.csv": csv_texts("a b c d e f", "g h i j", "k l m")})],
            frozenset({"bi_lstm"})),
    Program("mnist_functional_cnn", [var("model")], [run()]),
    Program("dataset_dir_cnn", [var("model")],
            [run(dirs={"dataset": ["cats", "raccoons"]}), run(dirs={"dataset": ["a", "b", "c", "d"]})], SEQUENCE),
    Program("flow_from_directory_cnn", [var("model")],
            [run(dirs={"MyDataSet": ["a", "b", "c"]}), run(dirs={"MyDataSet": ["a", "b", "c", "d", "e"]})],
            SEQUENCE),
    Program("softmax_class_builder", [var("model")],
            [run(files={"embeddings.npy": (10, 128), "names.txt": lines("ann", "bob", "ann")}),
             run(files={"embeddings.npy": (10, 64), "names.txt": lines("ann", "bob", "cid", "dee")})],
            frozenset({"model"})),
    Program("mlp_softmax_random_data", [var("model")], [run()]),
    Program("generate_lstm_argparse", [var("model")],
            [run("--hidden_count", "1", "--layer_size", "8"),
             run("--hidden_count", "2", "--layer_size", "16", "4"),
             run("--hidden_count", "0", "--layer_size", "3")],
            frozenset({"model"})),
    Program("lstm_autoencoder_argparse", [var("model")],
            [run("8"), run("--timesteps", "4", "--hidden_dim", "16", "3")], frozenset({"model"})),
    Program("gru_nids_run_type", [var("net")],
            [run("0", files={"kdd_train.npy": (20, 41)}), run("1", files={"kdd_train.npy": (20, 12)})],
            frozenset({"net"})),
    Program("exercise_model_type", [var("model")],
            [run(env={"MODEL_TYPE": "lstm"}, files={"windows.npy": (8, 30, 6)},
                 dirs={"recordings": ["squat", "lunge"]}),
             run(env={"MODEL_TYPE": "cnn"}, files={"windows.npy": (8, 40, 3)},
                 dirs={"recordings": ["squat", "lunge", "plank"]}),
             run(files={"windows.npy": (8, 30, 6)}, dirs={"recordings": ["a", "b", "c", "d"]})],
            frozenset({"model"})),
    Program("seq2seq_airline", [call("seq2seq_model")], [run()]),
    Program("seq2seq_characters", [var("model"), var("encoder_model"), var("decoder_model")],
            [run(files={"fra.txt": lines("Go.\tVa !", "Hi.\tSalut !")}),
             run(files={"fra.txt": lines("Run!\tCours\u202f!", "Who?\tQui ?", "Wow!\tCa alors !", "no tab here")})],
            frozenset({"model", "encoder_model", "decoder_model"})),
    Program("cnn_lstm_intrusion", [var("model")],
            [run(files={"flows.npy": (10, 20)}), run(files={"flows.npy": (10, 33)})], SEQUENCE),
    Program("conv2d_lstm_reshape", [var("model")], [run()]),
    Program("protein_cnn1d", [var("model")], [run()]),
    Program("stacked_gru_climate", [var("model")],
            [run(files={"jena_climate.npy": (100, 14)}), run(files={"jena_climate.npy": (100, 5)})], SEQUENCE),
    Program("stock_gru", [var("model")],
            [run(files={"aapl.npy": (60,), "look_back.txt": "10\n"}),
             run(files={"aapl.npy": (60,), "look_back.txt": "20\n"})], SEQUENCE),
    Program("autoencoder_decoder_layer", [var("autoencoder"), var("encoder"), var("decoder")],
            [run(files={"x_train.npy": (10, 28, 28)}), run(files={"x_train.npy": (10, 8, 8)})],
            frozenset({"autoencoder", "encoder", "decoder"})),
    Program("multi_input_submodels", [var("x"), var("y"), var("model")],
            [run(files={"numeric.npy": (10, 32), "image_features.npy": (10, 128)}),
             run(files={"numeric.npy": (10, 7), "image_features.npy": (10, 50)})],
            frozenset({"x", "y", "model"})),
    Program("ner_blstm", [var("model")],
            [run(files={"train.conll": lines("EU B-ORG", "rejects O", "German B-MISC", "", "Peter B-PER")}),
             run(files={"train.conll": lines("a O", "b O", "c B-LOC", "d I-LOC", "e O", "f O")})],
            frozenset({"model"})),
    Program("pos_tagging_rnn", [var("model")],
            [run(files={"brown_tagged.txt": lines("The/at jury/nn said/vbd", "it/pps did/dod")}),
             run(files={"brown_tagged.txt": lines("a/x b/y", "c/x d/z e/w f/w")})], SEQUENCE),
    Program("char_lstm_textgen", [var("model")],
            [run(files={"nietzsche.txt": "supposing that truth is a woman--what then?\n"}),
             run(files={"nietzsche.txt": "abcabc\n"})], SEQUENCE),
    Program("residual_conv1d_spectra", [var("model")],
            [run(files={"spectra.npy": (5, 100)}), run(files={"spectra.npy": (5, 64)})], SEQUENCE),
    Program("unet_leaky_resblock", [var("model")], [run()]),
    Program("appraiser_env_cnn", [var("model")],
            [run(env={"IMAGE_DIMENSION": "64"}), run(env={"IMAGE_DIMENSION": "128"})], SEQUENCE),
    Program("vgg_conv_layers_build", [var("conv_net"), var("fc_net")], [run()]),
    Program("neural_decoding_lstm", [var("model")],
            [run(files={"neural_train.npy": (20, 5, 30), "kinematics_train.npy": (20, 2)}),
             run("0.25", files={"neural_train.npy": (20, 3, 12), "kinematics_train.npy": (20, 4)})], SEQUENCE),
    Program("neural_decoding_lstm_local_imports", [var("model")],
            [run(files={"neural_train.npy": (20, 5, 30), "kinematics_train.npy": (20, 2)}),
             run("0.25", files={"neural_train.npy": (20, 3, 12), "kinematics_train.npy": (20, 4)})], SEQUENCE),
    Program("neural_decoding_dense", [var("model")],
            [run(files={"neural_flat.npy": (20, 30), "kinematics_train.npy": (20, 2)}),
             run("64,32", files={"neural_flat.npy": (20, 12), "kinematics_train.npy": (20, 3)})], SEQUENCE),
    Program("embedding_matrix_masking", [var("model")],
            [run(files={"vocab.txt": lines("the", "cat", "sat")}),
             run(files={"vocab.txt": lines("a", "b", "c", "d", "e", "f", "g", "a")})], SEQUENCE),
    Program("conv_lstm_newsgroups", [var("model")],
            [run(files={"newsgroups.txt": "the quick brown fox\n"}),
             run("200", files={"newsgroups.txt": "a b c d e f g h\n"})], SEQUENCE),
    Program("mnist_channels_first", [var("model")],
            [run(files={"mnist_x.npy": (4, 784)}), run(files={"mnist_x.npy": (6, 28, 28)})]),
    Program("resblock_relu_classes", [var("model")],
            [run(files={"labels.txt": lines("0", "1", "2")}), run(files={"labels.txt": lines("0", "4")})], SEQUENCE),
    Program("keras_tuner_hypermodel", [var("model")],
            [run(), run(env={"HP_FILTERS": "64", "HP_KERNEL_SIZE": "5"}), run(env={"HP_UNITS": "96"})],
            frozenset({"model"})),
    Program("churn_create_model", [call("create_model")], [run()]),
    Program("mobilenet_transfer", [var("model")],
            [run(dirs={"data/train": ["cat", "dog"]}), run(dirs={"data/train": ["a", "b", "c", "d", "e"]})],
            frozenset({"model"})),
    Program("subclassed_model", [var("model")], [run()]),
    Program("attention_weights_fatigue", [var("model")],
            [run(files={"cycles.npy": (6, 20, 3)}), run(files={"cycles.npy": (6, 50, 8)})], SEQUENCE),
    Program("mc_alpha_dropout_selu", [var("model")], [run(), run("0.3")]),
    Program("unet_star_imports", [var("model")], [run()]),
    Program("lstm_anomaly_autoencoder", [var("model")],
            [run(files={"strain.npy": (12, 40)}), run(files={"strain.npy": (12, 7)})], frozenset({"model"})),
    Program("ner_mask_zero_functional", [var("model")],
            [run(files={"ner_dataset.txt": lines("Thousands O", "of O", "London B-geo", "", "Iraq B-geo")}),
             run(files={"ner_dataset.txt": lines("a O", "b B-per", "c I-per", "d B-org", "", "e O")})], SEQUENCE),
    Program("airline_cnn_subclassed", [var("model"), var("baseline")],
            [run(files={"passengers.npy": (144,), "look_back.txt": "12\n"}),
             run(files={"passengers.npy": (144,), "look_back.txt": "6\n"})], frozenset({"model"})),
    Program("augmentation_env_sizes", [var("data_augmentation"), var("model")],
            [run(env={"img_height": "48", "img_width": "64"}, dirs={"flower_photos": ["daisy", "roses", "tulips"]}),
             run(env={"img_height": "32", "img_width": "32"}, dirs={"flower_photos": ["a", "b"]})],
            frozenset({"data_augmentation", "model"})),
    Program("entity_embeddings_loop", [var("full_model")],
            [run(files={"NNdata.csv": churn_rows(("DSL", "Month-to-month", "Mailed check"),
                                                 ("Fiber", "One year", "Mailed check"))}),
             run(files={"NNdata.csv": churn_rows(("DSL", "Month-to-month", "Mailed check"), ("No", "Two year", "Card"),
                                                 ("Fiber", "One year", "Bank"), ("No", "One year", "Check"))})],
            frozenset({"full_model"})),
    Program("traffic_flow_choice", [var("m")],
            [run(), run("--model", "gru", "--lag", "6"), run("--model", "dense")], frozenset({"m"})),
    Program("cae_transpose_leaky", [var("cae")],
            [run(files={"x_train.npy": (10, 32, 32, 3)}), run(files={"x_train.npy": (10, 28, 28, 1)})],
            frozenset({"cae"})),
    Program("transformer_deepcopy_blocks", [var("transformer")],
            [run(), run("64", "16")], frozenset({"transformer"})),
    Program("convlstm_conv3d_grid", [var("seq")],
            [run(files={"sst_grid.npy": (12, 10, 50)}), run(files={"sst_grid.npy": (12, 8, 16)})],
            frozenset({"seq"})),
    Program("query_value_attention", [var("model")],
            [run(files={"vocab.txt": lines("the", "cat", "sat")}),
             run(files={"vocab.txt": lines("a b c d e f g", "h i j")})], SEQUENCE),
    Program("cropping2d_sequential", [var("model")], [run(), run("40")], SEQUENCE),
    Program("spectra_conv1d_upsampling", [var("encoder"), var("autoencoder")],
            [run(files={"spectra.npy": (5, 10)}), run(files={"spectra.npy": (5, 100)})],
            frozenset({"encoder", "autoencoder"})),
    Program("conv1d_transpose_class", [var("model")],
            [run(files={"poses.npy": (8, 16, 10)}), run(files={"poses.npy": (8, 16, 4)})], SEQUENCE),
    Program("video_anomaly_convlstm", [var("seq")],
            [run(), run(env={"CLIP_LEN": "4"})], frozenset({"seq"})),
    Program("mobilenet_depthwise_blocks", [var("model")],
            [run(dirs={"cifar/train": ["cat", "dog"]}), run(dirs={"cifar/train": ["a", "b", "c", "d", "e", "f", "g"]})],
            frozenset({"model"})),
    Program("xception_separable_blocks", [var("model")], [run()]),
    Program("resize_rescale_nested_sequential",
            [var("resize_and_rescale"), var("data_augmentation"), var("model")],
            [run(dirs={"dataset/Eye_Diseases": ["cataract", "glaucoma", "normal"]}),
             run(dirs={"dataset/Eye_Diseases": ["a", "b"]})], frozenset({"model"})),
    Program("tabular_vae_sampling", [var("encoder"), var("decoder")],
            [run(files={"train.npy": (20, 8)}), run(files={"train.npy": (20, 13)})],
            frozenset({"encoder", "decoder"})),
    Program("textgenrnn_attention_average", [var("model")],
            [run(files={"config.json": json.dumps({"num_classes": 60, "max_length": 40, "dim_embeddings": 16,
                                                   "rnn_layers": 2, "rnn_size": 32, "rnn_bidirectional": False})}),
             run(files={"config.json": json.dumps({"num_classes": 90, "max_length": 25, "dim_embeddings": 8,
                                                   "rnn_layers": 3, "rnn_size": 12, "rnn_bidirectional": True,
                                                   "dropout": 0.1})})],
            frozenset({"model"})),
    # Custom layers, subclass-held builders and layer factories in published code: every size is
    # fixed by the source, so one run each.
    Program("transformer_block_sentiment", [var("model")], [run()]),
    Program("attention_weights_tuple", [var("model")], [run()]),
    Program("partial_conv2d_fashion", [var("model")], [run()]),
    Program("trainer_static_kwargs", [var("model")], [run()]),
    Program("nmt_encoder_bidirectional_sum", [var("model")], [run()]),
    Program("encoder_layer_shared_norm", [var("model")], [run()]),
    Program("minimal_rnn_cell_builder", [var("model")], [run()]),
    Program("vit_patches_ops", [var("model")], [run()]),
    Program("emotion_frozen_embedding", [var("model")], [run()]),
    Program("lstm_kwargs_masking", [var("model")], [run()]),
    Program("baseline_lstm_base_model", [var("model")], [run()]),
    Program("gpt_token_position_embedding", [var("model")], [run()]),
    Program("vae_sampling_ops_shape", [var("encoder"), var("decoder")], [run()]),
    Program("causal_conv1d_subclass", [var("model")], [run()]),
    Program("layers_trainable_index", [var("model")], [run()]),
    Program("lambda_op_factories", [var("model")], [run()]),
    # Custom layers whose call uses keras.ops (tensordot, einsum, matmul), sublayers made in build(),
    # a cell under keras.layers.RNN, a subclassed model built by predict, and the notebook style
    # (augmentation and Rescaling in a Sequential, Normalization adapted then built by predict).
    Program("tensordot_attention_pool", [var("model")], [run()]),
    Program("custom_layer_sublayers_in_build", [var("model")], [run()]),
    Program("custom_dense_subclassed_model", [var("model")], [run()]),
    Program("token_position_embedding_mask", [var("model")], [run()]),
    Program("rnn_cell_dense_sublayers", [var("model")], [run()]),
    Program("einsum_bilinear_layer", [var("model")], [run()]),
    Program("flowers_rescaling_augment", [var("data_augmentation"), var("model")], [run()]),
    Program("normalization_adapt_dnn", [var("dnn_model")], [run()]),
    Program("transformer_classifier_subclass", [var("model")], [run()]),
    Program("bilstm_notebook_tfkeras", [var("model")], [run()]),
    # Positional tables sliced at ops.shape(x)[1], attention returning a tuple, residual blocks that
    # are Layer or Model subclasses (one built by a call on an array), a seq2seq encoder called with
    # initial states, a two-state cell under keras.layers.RNN, a clone frozen through get_layer, and
    # the notebook style (build() on a Sequential, Normalization after adapt, a frozen ResNet50 in a model class).
    Program("positional_embedding_sqrt_scale", [var("model")], [run()]),
    Program("gpt_positional_encoding_slice", [var("model")], [run()]),
    Program("d2l_positional_encoding_dropout", [var("model")], [run()]),
    Program("bahdanau_attention_ops", [var("model")], [run()]),
    Program("dense_residual_units_before_super", [var("model")], [run()]),
    Program("residual_block_subclass_build", [var("model")], [run()]),
    Program("resnet_block_model_residual_path", [var("model")], [run()]),
    Program("encoder_init_states_array", [var("model")], [run()]),
    Program("two_state_cell_rnn", [var("model")], [run()]),
    Program("bigru_clone_freeze_embedding", [var("model"), var("fine_tune")], [run()]),
    Program("embedding_gap_build", [var("model")], [run()]),
    Program("normalization_conv1d_lstm", [var("model")], [run()]),
    Program("resnet50_frozen_model_class", [var("model")], [run()]),
    Program("audio_transformer_encoder_training", [var("model")], [run()]),
    Program("mnist_trainer_class_build_model", [var("model")], [run()]),
    Program("starter_template_subclass_build", [var("model")], [run()]),
    Program("dense_subclass_np_prod_decoder", [var("encoder"), var("decoder")], [run()]),
    Program("mnist_subclass_kwargs_convert_tensor", [var("model")], [run()]),
    # Subclassed models Keras never builds (summary() prints ``0 (unbuilt)`` rows, and the weights
    # that exist), and one built in some runs only.
    Program("subclassed_dense_never_built", [var("model")], [run()]),
    Program("subclassed_cnn_never_built", [var("model"), var("tokens")], [run()]),
    Program("subclassed_built_by_flag", [var("model")], [run(), run("--summary")], frozenset({"model"})),
]
