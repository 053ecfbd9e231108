//! `src/wenben/rules/nearby.py` of the reference: the nearest letter before or after a position.
//! (Not ported yet.)
