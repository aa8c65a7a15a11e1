"""gan_course: the code behind the GAN course, one small module per idea. In reading order:

The core, used by every chapter
- ``runtime``     seeds (one per chapter, ``GAN_COURSE_SEED``), device choice, thread count
- ``validate``    argument checks whose messages say what to pass instead
- ``claims``      the chapters' checks of what their prose claims, with measured bands
- ``data``        target and noise samplers, MNIST from the shipped files, in-memory batches
- ``models``      MLP generators and discriminators (logits out), fixed affine maps, weight averaging
- ``features``    what a discriminator sees of a batch: raw samples, squared deviations, moments
- ``losses``      the GAN losses on logits; Wasserstein, hinge and least squares; the gradient penalty
- ``train``       ``TrainConfig`` and the one training loop, ``Trainer``, with ``update(**fields)`` for live changes
- ``regularisers``  R1, the gradient penalty, weight clipping, unrolling: small objects the loop composes
- ``recipe``      the one shape of every recipe: own fields, the loop's ``TrainConfig``, ``replace``, ``build``
- ``batched``     several random seeds trained at once: models with a leading seed axis (``TrainConfig.seeds``)
- ``engine``      a stacked run's losses and gradients with the forward and backward written out (no autograd)
- ``callbacks``   progress bar, periodic hooks, 1-D tracking, early stop, weight averaging
- ``metrics``     KS, Wasserstein-1 and sample moments for 1-D samples
- ``plotting``    histograms, training curves, the duel, image grids (every helper takes ``ax=None``)
- ``tables``      results as titled tables: HTML in a notebook and a slide deck, aligned text in a console
- ``checkpoint``  state-dict checkpoints, loaded with ``weights_only=True``
- ``files``       atomic writes (a temporary file beside the target, then ``os.replace``): no half-written file;
                  records as checked JSON
- ``theory``      D*, KL, JS and V(G, D) by numerical integration (chapters 02-04)
- ``fit_d``       a discriminator trained alone against fixed samples (chapter 03)

The experiments
- ``synthetic``   1-D laws and 2-D mixtures: the 1-D recipes (05-06), their records, the far bumps, mode collapse
                  in 2-D (10), the Wasserstein GAN (11); its own map lists its modules
- ``mnist``       the MNIST recipes, the course's classifier, sample-quality scores, shipped weights (07-09)

Around them
- ``widgets``     the ipywidgets: one base, then theory sliders, the 1-D and 2-D dashboards, the MNIST panels
- ``exercises``   the exercise checks, one module per chapter; ``exercises.coding``, the graded coding exercises

Chapters import the modules they need, e.g. ``from gan_course import data, models, train`` and
``from gan_course.synthetic import gaussian``. The course's
tooling (executing chapters, slides, the lock) lives outside the package, in ``tools/``.
"""

__version__ = "0.1.0"

__all__ = ["__version__"]
