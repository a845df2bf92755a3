//! Any bytes as a response of the CBOR kitchen sink's `Everything` operation (every member
//! kind, unions, big numbers, sparse collections): with a success status (first byte even)
//! the CBOR decoder must return an output or an error; with an error status the error
//! envelope and the modeled fault decoder must return an error. Never a panic.
#![no_main]

sdk_fuzz::everything_response_target!(sdk_cbor_kitchen_sink);
