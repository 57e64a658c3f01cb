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
    ``pattern``, ``witness``), an edge joins regions separated by one hyperplane (attribute
    ``data``: the data indices of that hyperplane).

    >>> from arrangement import Arrangement
    >>> G = adjacency_graph(Arrangement([[1, 0]]))
    >>> sorted(G.nodes(data="pattern")), list(G.edges(data="data"))
    ([(0, '+'), (1, '-')], [(0, 1, (0,))])
    """
    import networkx as nx

    G = nx.Graph()
    for region in arrangement.regions():
        G.add_node(region.index, pattern=region.pattern, witness=region.witness)
    G.add_edges_from((r, s, {"data": data}) for r, s, data in arrangement.edges())
    return G


def write_graphml(arrangement, path) -> None:
    """Write the adjacency graph as GraphML (tuples as comma-separated strings), atomically: a
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
    for _, attributes in G.nodes(data=True):
        attributes["witness"] = ",".join(map(str, attributes["witness"]))
    for _, _, attributes in G.edges(data=True):
        attributes["data"] = ",".join(map(str, attributes["data"]))
    write_atomically(path, lambda handle: nx.write_graphml(G, handle))
