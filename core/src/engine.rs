//! `src/wenben/engine.py` of the reference: run the steps of a pipeline in order, each on the
//! previous one's output, keeping edits off protected spans. (Not ported yet.)
