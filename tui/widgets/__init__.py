"""The reader's widgets: the source panes and the query bar."""
