"""Tests of gan_course.synthetic, one module per module."""
