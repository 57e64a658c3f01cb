"""The region adjacency graph: regions are nodes, an edge joins two regions whose sign vectors
differ on exactly one hyperplane (they share a facet on it).

networkx is imported here only, when a graph is asked for.

>>> from arrangement import Arrangement
>>> G = adjacency_graph(Arrangement([[1, 0], [0, 1], [1, 1]]))
>>> G.number_of_nodes(), G.number_of_edges()    # a hexagon
(6, 6)
"""

from __future__ import annotations

from .atomic import write_atomically

__all__ = ["adjacency_graph", "write_graphml"]


def adjacency_graph(arrangement):
    """The region adjacency graph as a ``networkx.Graph``: nodes are region indices (attributes
    ``pattern`` and ``witness``, the integer interior point as comma-separated text), an edge joins
    regions separated by one hyperplane (attribute ``data``: the data indices of that hyperplane,
    comma-separated).  Every attribute is a string, so ``networkx.write_graphml`` takes the graph as
    it is; the tuples are ``arrangement.regions()[i].witness`` and ``arrangement.edges()``.

    >>> from arrangement import Arrangement
    >>> G = adjacency_graph(Arrangement([[1, 0], [2, 0]]))
    >>> sorted(G.nodes(data="pattern")), list(G.edges(data="data"))
    ([(0, '++'), (1, '--')], [(0, 1, '0,1')])
    """
    import networkx as nx

    G = nx.Graph()
    for region in arrangement.regions():
        G.add_node(region.index, pattern=region.pattern, witness=_text(region.witness))
    G.add_edges_from((r, s, {"data": _text(data)}) for r, s, data in arrangement.edges())
    return G


def _text(values) -> str:
    return ",".join(map(str, values))


def write_graphml(arrangement, path) -> None:
    """Write the adjacency graph as GraphML (its attributes are strings already), atomically: a
    temporary file in the same directory, then a rename.  ``OSError`` when it cannot be written.

    >>> import os, tempfile
    >>> from arrangement import Arrangement
    >>> path = os.path.join(tempfile.mkdtemp(), "g.graphml")
    >>> write_graphml(Arrangement([[1, 0]]), path)
    >>> "<edge source=\\"0\\" target=\\"1\\">" in open(path).read()
    True
    """
    import networkx as nx

    G = adjacency_graph(arrangement)
    write_atomically(path, lambda handle: nx.write_graphml(G, handle))
