"""MNIST GANs: the recipes of chapters 07-08, the course's classifier, sample-quality scores, shipped weights.

- ``recipes``: ``MnistRecipe``, the two articles' recipes (gan-mnist, mnist-tanh) and the course's DCGAN, the
  builder, the sample-grid and epoch-log callbacks;
- ``convnets``: the DCGAN's convolutional G and D, sized for a CPU (chapter 12);
- ``conditional``: the conditional GAN's label embedding and projection discriminator, rows that carry their digit
  (chapter 13);
- ``race``: chapter 12's recorded comparison of the DCGAN with chapters 07-08's MLP GANs at equal training time;
- ``classifier``: the small CNN that judges samples (chapter 09), and its training;
- ``quality``: Fréchet distance and class coverage on the classifier's features;
- ``assets``: the weights shipped in ``data/`` (SHA-256 checked) and the commands that remake them;
- ``runs``: recorded runs too long for a notebook (mnist-tanh's 100 epochs, Adam settings one at a time).
- ``sample``: ``python -m gan_course.mnist sample``, samples of a shipped generator as an .npz file.

``from gan_course import mnist`` gives the recipe API directly (``mnist.CHAPTER_RECIPES``, ``mnist.make_trainer``).
"""

from .recipes import (
    CHAPTER_RECIPES,
    CONDITIONAL_DCGAN,
    DCGAN,
    FULL_RECIPES,
    GAN_MNIST,
    MNIST_TANH,
    N_TRAIN,
    RECIPES,
    EpochLog,
    MnistRecipe,
    SampleGrid,
    build_discriminator,
    build_generator,
    make_trainer,
)

__all__ = [
    "CHAPTER_RECIPES",
    "N_TRAIN",
    "RECIPES",
    "FULL_RECIPES",
    "GAN_MNIST",
    "MNIST_TANH",
    "DCGAN",
    "CONDITIONAL_DCGAN",
    "EpochLog",
    "MnistRecipe",
    "SampleGrid",
    "build_discriminator",
    "build_generator",
    "make_trainer",
]
