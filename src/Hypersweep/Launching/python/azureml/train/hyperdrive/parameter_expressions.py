"""HyperDrive's parameter expressions, with v1's semantics: each returns [name, [arguments]] and checks its arguments
when it is built. loguniform and qloguniform take exponents (exp(uniform(min_value, max_value))); the q variants round
to multiples of q (round(x / q) * q)."""

import numbers


def _number(name, argument, value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError("%s: %s must be a number, got %r" % (name, argument, value))
    return value


def _q(name, q):
    _number(name, "q", q)
    if q <= 0:
        raise ValueError("%s: q must be greater than 0, got %r" % (name, q))


def _bounds(name, low, high):
    _number(name, "min_value", low)
    _number(name, "max_value", high)
    if not low < high:
        raise ValueError("%s: min_value must be less than max_value, got %r and %r" % (name, low, high))


def choice(*options):
    """A choice among discrete values: choice(1, 2, 3), choice([1, 2, 3]) or choice(range(1, 10))."""
    if len(options) == 1 and isinstance(options[0], (list, tuple, range)):
        values = list(options[0])
    else:
        values = list(options)
    if not values:
        raise ValueError("choice: give at least one value")
    for v in values:
        if not isinstance(v, (str, numbers.Number)) or isinstance(v, complex):
            raise ValueError("choice: values must be numbers or strings, got %r" % (v,))
    return ["choice", [values]]


def randint(upper):
    """An integer in [0, upper)."""
    if isinstance(upper, bool) or not isinstance(upper, numbers.Integral) or upper < 1:
        raise ValueError("randint: upper must be an integer of at least 1, got %r" % (upper,))
    return ["randint", [upper]]


def uniform(min_value, max_value):
    """A value uniformly distributed between min_value and max_value."""
    _bounds("uniform", min_value, max_value)
    return ["uniform", [min_value, max_value]]


def quniform(min_value, max_value, q):
    """round(uniform(min_value, max_value) / q) * q."""
    _bounds("quniform", min_value, max_value)
    _q("quniform", q)
    return ["quniform", [min_value, max_value, q]]


def loguniform(min_value, max_value):
    """exp(uniform(min_value, max_value)): the bounds are exponents."""
    _bounds("loguniform", min_value, max_value)
    return ["loguniform", [min_value, max_value]]


def qloguniform(min_value, max_value, q):
    """round(exp(uniform(min_value, max_value)) / q) * q."""
    _bounds("qloguniform", min_value, max_value)
    _q("qloguniform", q)
    return ["qloguniform", [min_value, max_value, q]]


def normal(mu, sigma):
    """A normally distributed value with mean mu and standard deviation sigma."""
    _number("normal", "mu", mu)
    _number("normal", "sigma", sigma)
    if sigma <= 0:
        raise ValueError("normal: sigma must be greater than 0, got %r" % (sigma,))
    return ["normal", [mu, sigma]]


def qnormal(mu, sigma, q):
    """round(normal(mu, sigma) / q) * q."""
    normal(mu, sigma)
    _q("qnormal", q)
    return ["qnormal", [mu, sigma, q]]


def lognormal(mu, sigma):
    """exp(normal(mu, sigma))."""
    normal(mu, sigma)
    return ["lognormal", [mu, sigma]]


def qlognormal(mu, sigma, q):
    """round(exp(normal(mu, sigma)) / q) * q."""
    normal(mu, sigma)
    _q("qlognormal", q)
    return ["qlognormal", [mu, sigma, q]]


# The v2 search_space fields of each expression's arguments (choice's one argument is its list of values).
FIELDS = {
    "choice": ["values"],
    "randint": ["upper"],
    "uniform": ["min_value", "max_value"],
    "loguniform": ["min_value", "max_value"],
    "quniform": ["min_value", "max_value", "q"],
    "qloguniform": ["min_value", "max_value", "q"],
    "normal": ["mu", "sigma"],
    "lognormal": ["mu", "sigma"],
    "qnormal": ["mu", "sigma", "q"],
    "qlognormal": ["mu", "sigma", "q"],
}
