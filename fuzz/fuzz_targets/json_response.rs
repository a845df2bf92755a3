//! Any bytes as a response of the JSON kitchen sink's `Everything` operation (every member
//! kind, unions, documents, sparse collections): with a success status (first byte even)
//! the JSON decoder must return an output or an error; with an error status the error
//! envelope and the modeled fault decoder must return an error. Never a panic.
#![no_main]

sdk_fuzz::everything_response_target!(sdk_json_kitchen_sink);
