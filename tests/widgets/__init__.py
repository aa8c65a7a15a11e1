"""Tests of gan_course.widgets, one module per module: base (and the live core), gaussian, mixture2d, mnist, theory."""
