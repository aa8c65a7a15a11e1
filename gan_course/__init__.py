"""gan_course: the code behind the GAN course, one small module per idea.

Chapters import the modules they need, e.g. ``from gan_course import data, models, train``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
