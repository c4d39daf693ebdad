"""HyperDrive's sampling methods, checked as v1 checks them when they are built."""

from .parameter_expressions import FIELDS


def _check_space(kind, parameter_space, allowed=None):
    if not isinstance(parameter_space, dict) or not parameter_space:
        raise ValueError("%s: parameter_space must be a non-empty dictionary of parameter names to expressions" % kind)
    for name, expression in parameter_space.items():
        if not isinstance(name, str) or not name.strip("-"):
            raise ValueError("%s: parameter names must be non-empty strings, got %r" % (kind, name))
        if not (isinstance(expression, list) and len(expression) == 2 and expression[0] in FIELDS):
            raise ValueError("%s: parameter %r must be a parameter expression such as choice(...) or uniform(...), got %r" % (kind, name, expression))
        if allowed is not None and expression[0] not in allowed:
            raise ValueError("%s supports only %s; parameter %r is %s" % (kind, ", ".join(allowed), name, expression[0]))


class HyperParameterSampling(object):
    """The base of the sampling methods: a parameter space and the sampling algorithm's name."""

    def __init__(self, sampling_method_name, parameter_space, properties=None, supports_termination=True):
        self.sampling_method_name = sampling_method_name
        self._parameter_space = dict(parameter_space)
        self._properties = dict(properties or {})
        self.supports_termination = supports_termination

    def to_json(self):
        return {"name": self.sampling_method_name, "parameter_space": self._parameter_space, "properties": self._properties}


class RandomParameterSampling(HyperParameterSampling):
    """Random sampling; properties={"rule": "sobol"} samples a scrambled Sobol sequence, "seed" fixes the draws."""

    def __init__(self, parameter_space, properties=None):
        _check_space("RandomParameterSampling", parameter_space)
        properties = dict(properties or {})
        rule = str(properties.get("rule", "random")).lower()
        if rule not in ("random", "sobol"):
            raise ValueError("RandomParameterSampling: properties['rule'] must be 'random' or 'sobol', got %r" % (properties.get("rule"),))
        if "seed" in properties and (isinstance(properties["seed"], bool) or not isinstance(properties["seed"], int)):
            raise ValueError("RandomParameterSampling: properties['seed'] must be an integer, got %r" % (properties["seed"],))
        super(RandomParameterSampling, self).__init__("RANDOM", parameter_space, properties)


class GridParameterSampling(HyperParameterSampling):
    """Every combination of the choice parameters."""

    def __init__(self, parameter_space, properties=None):
        _check_space("GridParameterSampling", parameter_space, allowed=["choice"])
        super(GridParameterSampling, self).__init__("GRID", parameter_space, properties)


class BayesianParameterSampling(HyperParameterSampling):
    """Bayesian optimization over choice, uniform and quniform parameters (v1's limits); no early termination."""

    def __init__(self, parameter_space, properties=None):
        _check_space("BayesianParameterSampling", parameter_space, allowed=["choice", "uniform", "quniform"])
        super(BayesianParameterSampling, self).__init__("BayesianOptimization", parameter_space, properties, supports_termination=False)
