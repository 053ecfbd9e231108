//! The engine's bookkeeping on edits (`src/wenben/edits.py`: sorted_disjoint, without_overlaps,
//! apply, shift). (Not ported yet.)
