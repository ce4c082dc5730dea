"""Google Cloud: VPC, GKE, Cloud SQL PostgreSQL, Memorystore Redis, Managed Service for Apache Kafka, GCS,
Cloud KMS, Cloud Armor, Cloud Run, budgets, DR."""
