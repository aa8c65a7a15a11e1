"""The course's ipywidgets, a thin layer over the package (their logic is plain methods that tests drive).

- ``base``: what every widget shares: figures and images as PNG bytes, the message line, and training in chunks
  (one way: an asyncio task that awaits between chunks; ``step()`` trains one chunk by hand);
- ``live``: the core of the training widgets: one run (``trainer``) whose controls apply while it trains, one
  ``Trainer.update`` call per change (``LiveTraining``), and the dashboards' run, Reset, chunk and layout
  (``LiveDashboard``); the learning-rate sliders all reach ``base.LR_RANGE``;
- ``theory``: sliders for D* (chapter 03) and the JS divergence (chapter 04);
- ``gaussian``: the live 1-D GAN dashboard (chapters 05-06);
- ``mixture2d``: the live 2-D GAN dashboard, mode collapse on the ring and the grid (chapters 10-11);
- ``mnist``: the MNIST training panel and the latent-space explorer (chapters 07-08).
"""
