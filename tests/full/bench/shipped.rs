// A small program as people ship one: configuration from the environment through
// aws_config, a few RDS calls. `cargo xtask bench` builds it from scratch in release against
// each SDK (`rds` names the generated crate or aws-sdk-rds) and compares the CPU time the
// build takes and the size of the stripped binary.

#[tokio::main]
async fn main() {
    let config = aws_config::load_defaults(aws_config::BehaviorVersion::latest()).await;
    let client = rds::Client::new(&config);
    match client.describe_db_instances().max_records(20).send().await {
        Ok(output) => {
            for instance in output.db_instances() {
                println!("{:?} is {:?}", instance.db_instance_identifier(), instance.db_instance_status());
            }
        }
        Err(error) => eprintln!("cannot list the instances: {error}"),
    }
    let export = client
        .start_export_task()
        .export_task_identifier("nightly")
        .source_arn("arn:aws:rds:us-east-1:123456789012:snapshot:db-snap")
        .s3_bucket_name("exports")
        .iam_role_arn("arn:aws:iam::123456789012:role/export")
        .kms_key_id("alias/exports")
        .send()
        .await;
    match export {
        Ok(task) => println!("export {:?} is {:?}", task.export_task_identifier(), task.status()),
        Err(error) => eprintln!("cannot start the export: {error}"),
    }
}
