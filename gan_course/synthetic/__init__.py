"""The experiments on synthetic data: 1-D laws and 2-D mixtures, small enough to train in seconds on a CPU.

- ``targets``     1-D targets beyond the bell curve (any scipy.stats law, mixtures) with their exact CDF and KS
- ``gaussian``    the 1-D recipes of chapters 05-06 and their builder
- ``records``     recorded runs of the 1-D source recipes at full length, made by one command, replayed live
- ``gaps``        two far-apart narrow bumps: the shares on each bump and in the gap, noise in two pieces (05)
- ``mixture2d``   2-D mixtures (a ring of 8, a 5x5 grid), modes covered and sample quality, the remedies for collapse
- ``records2d``   recorded 2-D runs (the best remedy, WGAN-GP) at their whole budget, made by one command, replayed live
- ``wgan``        the Wasserstein GAN: JSD vs W1 for a shift, the critic's estimate of W1, the 1-D WGAN recipes

Chapters import them as ``from gan_course.synthetic import gaussian, targets``.
"""

__all__: list[str] = []
