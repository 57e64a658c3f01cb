"""From a float guess to a certified minimiser: the routes (:mod:`~certificates.solver.endgame.routes`),
the optimality system, interval verification, the exact gate, algebraic zeros and the duality gap."""
