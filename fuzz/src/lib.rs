//! The bodies of herald's fuzz targets, as a library so the targets stay one line each.
pub mod bodies;
pub mod differential;
