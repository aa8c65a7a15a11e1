"""Tests of gan_course.mnist, one module per module."""
