package area

// AtomColumn is the SQL expression that names the local area of a record's disclosure atom:
// its local_area_id, 0 for a record in no local area. A place or target astride a boundary
// publishes one atom per side, and records a redrawn boundary left outside every area make
// atoms of their own, so that narrowing a request to some areas takes away whole published
// atoms and differencing the two answers shows nothing. Where every record is in one area the
// atoms are those of the place and month alone.
const AtomColumn = "coalesce(local_area_id, 0)"
