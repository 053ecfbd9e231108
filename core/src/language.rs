//! `src/wenben/language.py` of the reference: sentences and the language they are in.
//! (Not ported yet: the API the rules will call is mirrored from the reference.)
