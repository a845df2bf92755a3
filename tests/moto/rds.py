"""boto3 against the moto server: seeds RDS resources and reports what it sees.

usage: rds.py ENDPOINT seed-snapshot DB SNAPSHOT   -> prints the snapshot ARN
       rds.py ENDPOINT export-status TASK          -> prints the export's status, or MISSING
"""
import sys

import boto3

endpoint, command, *args = sys.argv[1:]
rds = boto3.client(
    "rds",
    region_name="us-east-1",
    endpoint_url=endpoint,
    aws_access_key_id="testing",
    aws_secret_access_key="testing",
)
if command == "seed-snapshot":
    db, snapshot = args
    rds.create_db_instance(
        DBInstanceIdentifier=db,
        DBInstanceClass="db.t3.micro",
        Engine="postgres",
        MasterUsername="admin",
        MasterUserPassword="password123",
        AllocatedStorage=20,
    )
    out = rds.create_db_snapshot(DBSnapshotIdentifier=snapshot, DBInstanceIdentifier=db)
    print(out["DBSnapshot"]["DBSnapshotArn"])
elif command == "export-status":
    (task,) = args
    tasks = rds.describe_export_tasks(ExportTaskIdentifier=task)["ExportTasks"]
    print(tasks[0]["Status"] if tasks else "MISSING")
else:
    sys.exit(f"unknown command {command}")
