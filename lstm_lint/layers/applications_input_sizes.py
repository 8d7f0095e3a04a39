"""The input sizes each ``keras.applications`` constructor accepts with ``weights="imagenet"``.

Written by ``tools/generate_application_input_sizes.py`` from Keras 3.15.1: do not edit.
``default_size``: with a top, ``input_shape`` must be ``(default_size, default_size, 3)``, or
``(n, n, 3)`` for an ``n`` of ``square_sizes`` (MobileNet's sizes of weights), else
``obtain_input_shape`` raises; ``static_imagenet_input``: an ``input_shape`` tuple with a None
raises, top or not (NASNet). A constructor absent here checks neither (MobileNetV3 warns).
"""
from __future__ import annotations

from typing import Dict, NamedTuple, Tuple


class ImagenetInput(NamedTuple):
    default_size: int
    square_sizes: Tuple[int, ...]
    static_imagenet_input: bool


IMAGENET_INPUTS: Dict[str, ImagenetInput] = {
    "ConvNeXtBase": ImagenetInput(224, (224,), False),
    "ConvNeXtLarge": ImagenetInput(224, (224,), False),
    "ConvNeXtSmall": ImagenetInput(224, (224,), False),
    "ConvNeXtTiny": ImagenetInput(224, (224,), False),
    "ConvNeXtXLarge": ImagenetInput(224, (224,), False),
    "DenseNet121": ImagenetInput(224, (224,), False),
    "DenseNet169": ImagenetInput(224, (224,), False),
    "DenseNet201": ImagenetInput(224, (224,), False),
    "EfficientNetB0": ImagenetInput(224, (224,), False),
    "EfficientNetB1": ImagenetInput(240, (240,), False),
    "EfficientNetB2": ImagenetInput(260, (260,), False),
    "EfficientNetB3": ImagenetInput(300, (300,), False),
    "EfficientNetB4": ImagenetInput(380, (380,), False),
    "EfficientNetB5": ImagenetInput(456, (456,), False),
    "EfficientNetB6": ImagenetInput(528, (528,), False),
    "EfficientNetB7": ImagenetInput(600, (600,), False),
    "EfficientNetV2B0": ImagenetInput(224, (224,), False),
    "EfficientNetV2B1": ImagenetInput(240, (240,), False),
    "EfficientNetV2B2": ImagenetInput(260, (260,), False),
    "EfficientNetV2B3": ImagenetInput(300, (300,), False),
    "EfficientNetV2L": ImagenetInput(480, (480,), False),
    "EfficientNetV2M": ImagenetInput(480, (480,), False),
    "EfficientNetV2S": ImagenetInput(384, (384,), False),
    "InceptionResNetV2": ImagenetInput(299, (299,), False),
    "InceptionV3": ImagenetInput(299, (299,), False),
    "MobileNet": ImagenetInput(224, (128, 160, 192, 224), False),
    "MobileNetV2": ImagenetInput(224, (96, 128, 160, 192, 224), False),
    "NASNetLarge": ImagenetInput(331, (331,), True),
    "NASNetMobile": ImagenetInput(224, (224,), True),
    "ResNet101": ImagenetInput(224, (224,), False),
    "ResNet101V2": ImagenetInput(224, (224,), False),
    "ResNet152": ImagenetInput(224, (224,), False),
    "ResNet152V2": ImagenetInput(224, (224,), False),
    "ResNet50": ImagenetInput(224, (224,), False),
    "ResNet50V2": ImagenetInput(224, (224,), False),
    "VGG16": ImagenetInput(224, (224,), False),
    "VGG19": ImagenetInput(224, (224,), False),
    "Xception": ImagenetInput(299, (299,), False),
}
