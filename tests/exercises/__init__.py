"""Tests of gan_course.exercises: the package's layout and the chapters' checks."""
