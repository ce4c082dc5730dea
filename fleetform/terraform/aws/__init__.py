"""AWS: VPC, EKS, RDS PostgreSQL, ElastiCache Redis, MSK, S3, KMS, ALB + WAFv2, ECS Fargate, budgets, DR."""
