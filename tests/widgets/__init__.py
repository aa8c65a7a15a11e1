"""Tests of gan_course.widgets, one module per module. The widgets' older test modules are still in tests/
(test_widget_base, test_dashboard, test_dashboard2d, test_mnist_widgets, test_theory_widgets)."""
