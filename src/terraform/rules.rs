//! The mapping table: what each Terraform resource type is to faultline.
//!
//! Every type has one [`Role`]:
//!
//! - a **component** anchor (an instance group, a load balancer, a database, a bucket ...),
//!   with the faultline kind, provider and service it maps to;
//! - a **member** of another resource's component (a listener of a load balancer, an Aurora
//!   instance of its cluster, a node group of its EKS cluster), named by the attributes that
//!   point at the parent;
//! - a DNS **record** (read for journeys and DNS failover);
//! - a **link** that carries a dependency between components without being one (launch
//!   templates, target groups, IAM roles and policies, network interfaces);
//! - **plumbing** folded away (networks, subnets, security groups, keys, logs), or a
//!   **helper** that creates no infrastructure (`random_id`, `null_resource`);
//! - anything else is **unsupported**: listed with its address, kept out of the description.
//!
//! [`edge`] says what a reference from one attribute means: by default the referrer needs
//! the referenced resource (`Forward`); some attributes point the other way (an Auto
//! Scaling group's `target_group_arns` registers the group *behind* the target group:
//! traffic flows target group → group), name the parent of a member, name the source of a
//! replica, or mean nothing for availability (a subnet, a security group).
//!
//! `docs/terraform.md` carries the same table for users; keep them in step.

use crate::model::Kind;

/// What a component anchor maps to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Class {
    pub kind: Kind,
    pub provider: &'static str,
    pub service: Option<&'static str>,
    /// A human name for descriptions (`EC2 Auto Scaling group`).
    pub what: &'static str,
    /// A short name for ids when the resource's own name says nothing (`asg`, `db`).
    pub short: &'static str,
}

/// The role of a resource type.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Role {
    Component(Class),
    /// Part of the component its `parent` attributes point at.
    Member(&'static [&'static str]),
    /// A DNS record (Route 53, Cloud DNS, Azure DNS).
    Record,
    /// Carries dependencies between components.
    Link,
    /// Folded away, with the reason shown to the user.
    Plumbing(&'static str),
    /// Creates no infrastructure.
    Helper,
}

/// What a reference from an attribute means.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Edge {
    /// The referrer needs the referenced resource.
    Forward,
    /// The referenced resource sends traffic to the referrer.
    Reverse,
    /// The referenced resource is the referrer's parent component.
    Parent,
    /// The referrer is a replica of the referenced resource (merged into its component).
    Replica,
    /// The referrer needs it, but only softly (it degrades without it).
    Soft,
    /// Nothing for availability.
    Ignore,
}

const fn c(
    kind: Kind,
    provider: &'static str,
    service: Option<&'static str>,
    what: &'static str,
    short: &'static str,
) -> Role {
    Role::Component(Class {
        kind,
        provider,
        service,
        what,
        short,
    })
}

/// The provider a resource type belongs to, from its prefix.
pub(crate) fn provider_of(rtype: &str) -> Option<&'static str> {
    if rtype.starts_with("aws_") {
        Some("aws")
    } else if rtype.starts_with("google_") {
        Some("gcp")
    } else if rtype.starts_with("azurerm_") {
        Some("azure")
    } else {
        None
    }
}

/// The role of a managed resource type; `None` for a type the importer does not know.
pub(crate) fn role(rtype: &str) -> Option<Role> {
    use Kind::*;
    Some(match rtype {
        // ---- AWS components --------------------------------------------------------------
        "aws_instance" => c(Compute, "aws", Some("ec2"), "EC2 instance", "vm"),
        "aws_autoscaling_group" => c(Compute, "aws", Some("ec2"), "EC2 Auto Scaling group", "asg"),
        "aws_lb" | "aws_alb" => c(
            LoadBalancer,
            "aws",
            Some("elb"),
            "Elastic Load Balancing load balancer",
            "lb",
        ),
        "aws_elb" => c(
            LoadBalancer,
            "aws",
            Some("elb"),
            "Classic Load Balancer",
            "lb",
        ),
        "aws_db_instance" => c(Database, "aws", Some("rds"), "RDS DB instance", "db"),
        "aws_rds_cluster" => c(Database, "aws", Some("aurora"), "Aurora DB cluster", "db"),
        "aws_dynamodb_table" => c(Database, "aws", Some("dynamodb"), "DynamoDB table", "table"),
        "aws_dynamodb_global_table" => c(
            Database,
            "aws",
            Some("dynamodb"),
            "DynamoDB global table (2017 version)",
            "table",
        ),
        "aws_elasticache_replication_group" => c(
            Cache,
            "aws",
            Some("elasticache"),
            "ElastiCache replication group",
            "cache",
        ),
        "aws_elasticache_cluster" => c(
            Cache,
            "aws",
            Some("elasticache"),
            "ElastiCache cluster",
            "cache",
        ),
        "aws_s3_bucket" => c(ObjectStorage, "aws", Some("s3"), "S3 bucket", "bucket"),
        "aws_cloudfront_distribution" => c(
            Cdn,
            "aws",
            Some("cloudfront"),
            "CloudFront distribution",
            "cdn",
        ),
        "aws_route53_zone" => c(Dns, "aws", Some("route53"), "Route 53 hosted zone", "dns"),
        "aws_api_gateway_rest_api" => c(
            LoadBalancer,
            "aws",
            Some("api-gateway"),
            "API Gateway REST API",
            "api",
        ),
        "aws_apigatewayv2_api" => c(
            LoadBalancer,
            "aws",
            Some("api-gateway"),
            "API Gateway HTTP/WebSocket API",
            "api",
        ),
        "aws_lambda_function" => c(
            Function,
            "aws",
            Some("lambda"),
            "Lambda function",
            "function",
        ),
        "aws_sqs_queue" => c(Queue, "aws", Some("sqs"), "SQS queue", "queue"),
        "aws_sns_topic" => c(Queue, "aws", Some("sns"), "SNS topic", "topic"),
        "aws_kinesis_stream" => c(
            Queue,
            "aws",
            Some("kinesis"),
            "Kinesis data stream",
            "stream",
        ),
        "aws_eks_cluster" => c(Container, "aws", Some("eks"), "EKS cluster", "eks"),
        "aws_ecs_service" => c(Container, "aws", Some("ecs"), "ECS service", "service"),
        "aws_efs_file_system" => c(Other, "aws", None, "EFS file system", "efs"),
        "aws_cognito_user_pool" => c(
            Identity,
            "aws",
            Some("cognito"),
            "Cognito user pool",
            "users",
        ),
        "aws_ebs_volume" => c(Other, "aws", Some("ebs"), "EBS volume", "volume"),

        // ---- AWS members -----------------------------------------------------------------
        "aws_rds_cluster_instance" => Role::Member(&["cluster_identifier"]),
        "aws_rds_global_cluster" => {
            Role::Plumbing("Aurora global database: its clusters form one multi-region component")
        }
        "aws_db_instance_automated_backups_replication" => {
            Role::Member(&["source_db_instance_arn"])
        }
        "aws_eks_node_group"
        | "aws_eks_fargate_profile"
        | "aws_eks_addon"
        | "aws_eks_identity_provider_config"
        | "aws_eks_access_entry"
        | "aws_eks_pod_identity_association" => Role::Member(&["cluster_name"]),
        "aws_lb_listener" | "aws_alb_listener" => Role::Member(&["load_balancer_arn"]),
        "aws_lb_listener_rule"
        | "aws_alb_listener_rule"
        | "aws_lb_listener_certificate"
        | "aws_alb_listener_certificate" => Role::Member(&["listener_arn"]),
        "aws_lb_cookie_stickiness_policy"
        | "aws_load_balancer_policy"
        | "aws_load_balancer_listener_policy"
        | "aws_load_balancer_backend_server_policy"
        | "aws_app_cookie_stickiness_policy"
        | "aws_proxy_protocol_policy" => Role::Member(&["load_balancer", "load_balancer_name"]),
        "aws_lambda_permission"
        | "aws_lambda_event_source_mapping"
        | "aws_lambda_alias"
        | "aws_lambda_function_url"
        | "aws_lambda_provisioned_concurrency_config"
        | "aws_lambda_function_event_invoke_config"
        | "aws_lambda_function_recursion_config" => Role::Member(&["function_name"]),
        "aws_sqs_queue_policy"
        | "aws_sqs_queue_redrive_policy"
        | "aws_sqs_queue_redrive_allow_policy" => Role::Member(&["queue_url"]),
        "aws_sns_topic_subscription" => Role::Member(&["topic_arn"]),
        "aws_sns_topic_policy" | "aws_sns_topic_data_protection_policy" => Role::Member(&["arn"]),
        "aws_s3_object" | "aws_s3_bucket_object" => Role::Member(&["bucket"]),
        "aws_dynamodb_table_replica" => Role::Member(&["global_table_arn"]),
        "aws_dynamodb_table_item"
        | "aws_dynamodb_contributor_insights"
        | "aws_dynamodb_kinesis_streaming_destination"
        | "aws_dynamodb_tag" => Role::Member(&["table_name", "resource_arn"]),
        "aws_elasticache_global_replication_group" => {
            Role::Member(&["primary_replication_group_id"])
        }
        "aws_efs_mount_target"
        | "aws_efs_access_point"
        | "aws_efs_backup_policy"
        | "aws_efs_file_system_policy" => Role::Member(&["file_system_id"]),
        "aws_efs_replication_configuration" => Role::Member(&["source_file_system_id"]),
        "aws_cloudfront_monitoring_subscription" => Role::Member(&["distribution_id"]),
        "aws_kinesis_stream_consumer" => Role::Member(&["stream_arn"]),
        "aws_autoscaling_policy"
        | "aws_autoscaling_schedule"
        | "aws_autoscaling_lifecycle_hook"
        | "aws_autoscaling_notification"
        | "aws_autoscaling_group_tag"
        | "aws_autoscaling_traffic_source_attachment" => {
            Role::Member(&["autoscaling_group_name", "group_names"])
        }
        "aws_ecs_task_set" => Role::Member(&["service"]),
        "aws_route53_record" => Role::Record,
        "aws_route53_health_check" => {
            Role::Plumbing("Route 53 health check: read for DNS failover")
        }
        t if t.starts_with("aws_api_gateway_") => Role::Member(&["rest_api_id"]),
        t if t.starts_with("aws_apigatewayv2_") && t != "aws_apigatewayv2_domain_name" => {
            Role::Member(&["api_id"])
        }
        t if t.starts_with("aws_s3_bucket_") => Role::Member(&["bucket"]),
        t if t.starts_with("aws_cognito_") && t != "aws_cognito_identity_pool" => {
            Role::Member(&["user_pool_id"])
        }

        // ---- AWS links -------------------------------------------------------------------
        "aws_launch_template"
        | "aws_launch_configuration"
        | "aws_lb_target_group"
        | "aws_alb_target_group"
        | "aws_lb_target_group_attachment"
        | "aws_alb_target_group_attachment"
        | "aws_autoscaling_attachment"
        | "aws_elb_attachment"
        | "aws_iam_role"
        | "aws_iam_role_policy"
        | "aws_iam_role_policy_attachment"
        | "aws_iam_policy"
        | "aws_iam_instance_profile"
        | "aws_iam_policy_attachment"
        | "aws_eip"
        | "aws_eip_association"
        | "aws_apigatewayv2_domain_name"
        | "aws_ecs_task_definition"
        | "aws_ecs_capacity_provider"
        | "aws_volume_attachment"
        | "aws_network_interface"
        | "aws_network_interface_attachment" => Role::Link,
        "aws_ecs_cluster" | "aws_ecs_cluster_capacity_providers" => {
            Role::Plumbing("ECS cluster: its services are the components")
        }
        "aws_cloudwatch_metric_alarm" | "aws_cloudwatch_composite_alarm" => {
            Role::Plumbing("CloudWatch alarm: read for where monitoring runs")
        }

        // ---- Google Cloud ---------------------------------------------------------------
        "google_compute_instance" => c(
            Compute,
            "gcp",
            Some("compute-engine"),
            "Compute Engine VM",
            "vm",
        ),
        "google_compute_instance_group_manager" => c(
            Compute,
            "gcp",
            Some("compute-engine"),
            "zonal managed instance group",
            "mig",
        ),
        "google_compute_region_instance_group_manager" => c(
            Compute,
            "gcp",
            Some("compute-engine"),
            "regional managed instance group",
            "mig",
        ),
        "google_container_cluster" => c(Container, "gcp", Some("gke"), "GKE cluster", "gke"),
        "google_sql_database_instance" => c(
            Database,
            "gcp",
            Some("cloud-sql"),
            "Cloud SQL instance",
            "db",
        ),
        "google_storage_bucket" => c(
            ObjectStorage,
            "gcp",
            Some("cloud-storage"),
            "Cloud Storage bucket",
            "bucket",
        ),
        "google_compute_global_forwarding_rule" => c(
            LoadBalancer,
            "gcp",
            Some("cloud-load-balancing"),
            "global external load balancer (forwarding rule)",
            "lb",
        ),
        "google_compute_forwarding_rule" => c(
            LoadBalancer,
            "gcp",
            Some("cloud-load-balancing"),
            "regional load balancer (forwarding rule)",
            "lb",
        ),
        "google_dns_managed_zone" => c(
            Dns,
            "gcp",
            Some("cloud-dns"),
            "Cloud DNS managed zone",
            "dns",
        ),
        "google_redis_instance" => c(
            Cache,
            "gcp",
            Some("memorystore"),
            "Memorystore for Redis instance",
            "cache",
        ),
        "google_cloud_run_service" | "google_cloud_run_v2_service" => c(
            Container,
            "gcp",
            Some("cloud-run"),
            "Cloud Run service",
            "run",
        ),
        "google_cloudfunctions_function" | "google_cloudfunctions2_function" => c(
            Function,
            "gcp",
            Some("cloud-functions"),
            "Cloud Functions function",
            "function",
        ),
        "google_pubsub_topic" => c(Queue, "gcp", Some("pubsub"), "Pub/Sub topic", "topic"),
        "google_container_node_pool" => Role::Member(&["cluster"]),
        "google_sql_database" | "google_sql_user" | "google_sql_ssl_cert" => {
            Role::Member(&["instance"])
        }
        "google_compute_autoscaler" | "google_compute_region_autoscaler" => {
            Role::Member(&["target"])
        }
        "google_pubsub_subscription" => Role::Member(&["topic"]),
        "google_dns_record_set" => Role::Record,
        "google_compute_instance_template"
        | "google_compute_region_instance_template"
        | "google_compute_target_http_proxy"
        | "google_compute_target_https_proxy"
        | "google_compute_target_tcp_proxy"
        | "google_compute_target_ssl_proxy"
        | "google_compute_target_grpc_proxy"
        | "google_compute_region_target_http_proxy"
        | "google_compute_region_target_https_proxy"
        | "google_compute_region_target_tcp_proxy"
        | "google_compute_url_map"
        | "google_compute_region_url_map"
        | "google_compute_backend_service"
        | "google_compute_region_backend_service"
        | "google_compute_backend_bucket"
        | "google_compute_instance_group"
        | "google_compute_target_pool"
        | "google_compute_network_endpoint_group"
        | "google_compute_region_network_endpoint_group"
        | "google_compute_global_address"
        | "google_compute_address" => Role::Link,
        t if t.starts_with("google_storage_bucket_")
            || t == "google_storage_default_object_acl" =>
        {
            Role::Member(&["bucket"])
        }

        // ---- Azure -----------------------------------------------------------------------
        "azurerm_linux_virtual_machine"
        | "azurerm_windows_virtual_machine"
        | "azurerm_virtual_machine" => c(
            Compute,
            "azure",
            Some("virtual-machines"),
            "Azure virtual machine",
            "vm",
        ),
        "azurerm_linux_virtual_machine_scale_set"
        | "azurerm_windows_virtual_machine_scale_set"
        | "azurerm_orchestrated_virtual_machine_scale_set"
        | "azurerm_virtual_machine_scale_set" => c(
            Compute,
            "azure",
            Some("virtual-machines"),
            "Azure virtual machine scale set",
            "vmss",
        ),
        "azurerm_lb" => c(
            LoadBalancer,
            "azure",
            Some("load-balancer"),
            "Azure Load Balancer",
            "lb",
        ),
        "azurerm_application_gateway" => c(
            LoadBalancer,
            "azure",
            Some("application-gateway"),
            "Azure Application Gateway",
            "appgw",
        ),
        "azurerm_mssql_database" | "azurerm_sql_database" => c(
            Database,
            "azure",
            Some("sql-database"),
            "Azure SQL database",
            "db",
        ),
        "azurerm_cosmosdb_account" => c(
            Database,
            "azure",
            Some("cosmos-db"),
            "Cosmos DB account",
            "cosmos",
        ),
        "azurerm_storage_account" => c(
            ObjectStorage,
            "azure",
            Some("blob-storage"),
            "Azure Storage account",
            "storage",
        ),
        "azurerm_kubernetes_cluster" => c(Container, "azure", Some("aks"), "AKS cluster", "aks"),
        "azurerm_redis_cache" => c(
            Cache,
            "azure",
            Some("redis-cache"),
            "Azure Cache for Redis",
            "cache",
        ),
        "azurerm_dns_zone" => c(Dns, "azure", Some("azure-dns"), "Azure DNS zone", "dns"),
        "azurerm_kubernetes_cluster_node_pool" => Role::Member(&["kubernetes_cluster_id"]),
        "azurerm_lb_backend_address_pool"
        | "azurerm_lb_probe"
        | "azurerm_lb_rule"
        | "azurerm_lb_nat_rule"
        | "azurerm_lb_outbound_rule"
        | "azurerm_lb_nat_pool" => Role::Member(&["loadbalancer_id"]),
        "azurerm_lb_backend_address_pool_address" => Role::Member(&["backend_address_pool_id"]),
        "azurerm_mssql_failover_group" | "azurerm_sql_failover_group" => {
            Role::Plumbing("SQL failover group: read for the databases' second region")
        }
        // A logical server is the endpoint clients name; its databases are the components.
        "azurerm_mssql_server" | "azurerm_sql_server" => Role::Link,
        "azurerm_storage_container"
        | "azurerm_storage_blob"
        | "azurerm_storage_queue"
        | "azurerm_storage_share"
        | "azurerm_storage_table"
        | "azurerm_storage_management_policy" => {
            Role::Member(&["storage_account_name", "storage_account_id"])
        }
        t if t.starts_with("azurerm_cosmosdb_") => Role::Member(&["account_name", "account_id"]),
        t if t.starts_with("azurerm_dns_") && t.ends_with("_record") => Role::Record,
        "azurerm_network_interface"
        | "azurerm_public_ip"
        | "azurerm_network_interface_backend_address_pool_association"
        | "azurerm_network_interface_application_gateway_backend_address_pool_association" => {
            Role::Link
        }
        "azurerm_availability_set" => Role::Plumbing(
            "availability set: fault domains (racks) inside one zone, read for its VMs",
        ),

        // ---- helpers and plumbing, by prefix ---------------------------------------------
        t if is_helper(t) => Role::Helper,
        t => match plumbing(t) {
            Some(why) => Role::Plumbing(why),
            None => return None,
        },
    })
}

fn is_helper(t: &str) -> bool {
    t == "null_resource"
        || t == "terraform_data"
        || [
            "random_",
            "time_",
            "tls_",
            "local_",
            "template_",
            "archive_",
            "external",
            "http",
            "cloudinit_",
        ]
        .iter()
        .any(|p| t.starts_with(p))
}

fn plumbing(t: &str) -> Option<&'static str> {
    const NETWORK: &str = "network plumbing (used to place zones, not scored)";
    const SECURITY: &str = "access and security configuration (not scored)";
    const CONFIG: &str = "configuration of other resources (not scored)";
    const OPS: &str = "operations tooling (not scored)";
    let networks = [
        "aws_vpc",
        "aws_subnet",
        "aws_default_",
        "aws_security_group",
        "aws_network_acl",
        "aws_route_table",
        "aws_internet_gateway",
        "aws_egress_only_internet_gateway",
        "aws_nat_gateway",
        "aws_vpn_",
        "aws_customer_gateway",
        "aws_ec2_transit_gateway",
        "aws_flow_log",
        "aws_placement_group",
        "aws_ec2_",
        "aws_main_route_table_association",
        "aws_networkfirewall_",
        "aws_service_discovery_",
        "aws_service_discovery",
        "aws_route53_zone_association",
        "aws_route53_vpc_association_authorization",
        "aws_route53_resolver_",
        "aws_db_subnet_group",
        "aws_elasticache_subnet_group",
        "aws_redshift_subnet_group",
        "aws_neptune_subnet_group",
        "aws_docdb_subnet_group",
        "aws_dms_replication_subnet_group",
        "google_compute_network",
        "google_compute_subnetwork",
        "google_compute_firewall",
        "google_compute_router",
        "google_compute_route",
        "google_compute_health_check",
        "google_compute_http_health_check",
        "google_compute_https_health_check",
        "google_compute_region_health_check",
        "google_service_networking_",
        "google_vpc_access_",
        "azurerm_resource_group",
        "azurerm_virtual_network",
        "azurerm_subnet",
        "azurerm_network_security",
        "azurerm_route_table",
        "azurerm_route",
        "azurerm_private_endpoint",
        "azurerm_private_dns_",
        "azurerm_nat_gateway",
        "azurerm_network_watcher",
        "azurerm_network_interface_security_group_association",
    ];
    let security = [
        "aws_iam_",
        "aws_kms_",
        "aws_acm",
        "aws_key_pair",
        "aws_secretsmanager_",
        "aws_ssm_",
        "aws_wafv2_",
        "aws_waf_",
        "aws_wafregional_",
        "aws_shield_",
        "aws_guardduty_",
        "aws_securityhub_",
        "aws_macie",
        "aws_inspector",
        "aws_organizations_",
        "aws_cloudfront_origin_access_",
        "aws_cloudfront_public_key",
        "aws_cloudfront_key_group",
        "aws_cloudfront_cache_policy",
        "aws_cloudfront_origin_request_policy",
        "aws_cloudfront_response_headers_policy",
        "aws_cloudfront_function",
        "aws_lb_trust_store",
        "aws_vpc_endpoint",
        "aws_ram_",
        "aws_accessanalyzer_",
        "google_project",
        "google_service_account",
        "google_kms_",
        "google_secret_manager_",
        "google_compute_ssl_certificate",
        "google_compute_managed_ssl_certificate",
        "google_compute_ssl_policy",
        "google_compute_security_policy",
        "google_organization_",
        "google_folder_",
        "google_billing_",
        "azurerm_role_",
        "azurerm_key_vault",
        "azurerm_user_assigned_identity",
        "azurerm_management_lock",
        "azurerm_policy_",
        "azurerm_web_application_firewall_policy",
    ];
    let config = [
        "aws_db_parameter_group",
        "aws_db_option_group",
        "aws_rds_cluster_parameter_group",
        "aws_elasticache_parameter_group",
        "aws_elasticache_user",
        "aws_launch_",
        "aws_ami",
        "aws_ebs_",
        "aws_ecr_",
        "aws_appautoscaling_",
        "aws_lambda_layer_version",
        "aws_lambda_code_signing_config",
        "aws_cloudwatch_event_",
        "aws_scheduler_",
        "aws_db_snapshot",
        "aws_db_cluster_snapshot",
        "aws_rds_cluster_endpoint",
        "aws_db_event_subscription",
        "aws_db_proxy",
        "aws_route53_query_log",
        "aws_route53_key_signing_key",
        "aws_route53_hosted_zone_dnssec",
        "aws_route53_delegation_set",
        "aws_backup_",
        "aws_neptune_cluster_snapshot",
        "google_compute_disk",
        "google_compute_image",
        "google_compute_snapshot",
        "google_compute_resource_policy",
        "google_project_service",
        "azurerm_managed_disk",
        "azurerm_virtual_machine_extension",
        "azurerm_virtual_machine_data_disk_attachment",
        "azurerm_mssql_firewall_rule",
        "azurerm_sql_firewall_rule",
        "azurerm_mssql_virtual_network_rule",
        "azurerm_app_service_plan",
        "azurerm_service_plan",
    ];
    let ops = [
        "aws_cloudwatch_",
        "aws_cloudtrail",
        "aws_config_",
        "aws_sns_sms_preferences",
        "aws_budgets_",
        "aws_ce_",
        "aws_xray_",
        "aws_grafana_",
        "aws_prometheus_",
        "google_monitoring_",
        "google_logging_",
        "azurerm_monitor_",
        "azurerm_log_analytics_",
        "azurerm_application_insights",
    ];
    // Exact matches first where a prefix would be too broad.
    if t == "aws_route" {
        return Some(NETWORK);
    }
    if networks.iter().any(|p| t.starts_with(p)) {
        Some(NETWORK)
    } else if security.iter().any(|p| t.starts_with(p)) {
        Some(SECURITY)
    } else if config.iter().any(|p| t.starts_with(p)) {
        Some(CONFIG)
    } else if ops.iter().any(|p| t.starts_with(p)) {
        Some(OPS)
    } else {
        None
    }
}

/// True for IAM types: a dependency found only through them is a permission, kept soft.
pub(crate) fn is_iam(rtype: &str) -> bool {
    rtype.starts_with("aws_iam_") || rtype == "aws_iam_policy_document"
}

/// What a reference from `attr` (a dotted path into the resource, e.g.
/// `load_balancer.target_group_arn`) of a resource of type `rtype` means.
pub(crate) fn edge(rtype: &str, attr: &str) -> Edge {
    let top = attr.split('.').next().unwrap_or(attr);
    // Attributes that never carry a dependency, whatever the type.
    if matches!(
        top,
        "subnet_id"
            | "subnet_ids"
            | "subnets"
            | "vpc_zone_identifier"
            | "vpc_id"
            | "security_groups"
            | "vpc_security_group_ids"
            | "security_group_ids"
            | "kms_key_id"
            | "kms_key_arn"
            | "kms_master_key_id"
            | "tags"
            | "tags_all"
            | "labels"
            | "availability_zone"
            | "availability_zones"
            | "certificate_arn"
            | "acm_certificate_arn"
            | "db_subnet_group_name"
            | "subnet_group_name"
            | "parameter_group_name"
            | "option_group_name"
            | "db_cluster_parameter_group_name"
            | "monitoring_role_arn"
            | "execution_role_arn"
            | "service_role"
            | "web_acl_id"
            | "web_acl_arn"
            | "logging"
            | "logging_config"
            | "access_logs"
            | "log_destination"
            | "depends_on"
            | "network"
            | "subnetwork"
            | "resource_group_name"
            | "location"
            | "network_security_group_id"
            | "key_vault_id"
            | "key_name"
            | "image_id"
            | "ami"
            | "health_check"
            | "health_checks"
            | "health_check_id"
            | "placement_group"
            | "cloudwatch_log_group_arn"
            | "dead_letter_config"
            | "viewer_certificate"
            | "ssl_policy"
            | "ssl_certificates"
            | "zone_id"
            | "hosted_zone_id"
            | "managed_zone"
            | "zone_name"
    ) {
        // Route 53 records read `zone_id` and `health_check_id` themselves.
        return Edge::Ignore;
    }
    match (rtype, top) {
        // Load balancers: targets register themselves behind target groups and pools.
        ("aws_autoscaling_group", "target_group_arns" | "load_balancers" | "traffic_source") => {
            Edge::Reverse
        }
        ("aws_ecs_service", "load_balancer") => Edge::Reverse,
        (
            "aws_ecs_service",
            "cluster" | "iam_role" | "network_configuration" | "service_registries",
        ) => Edge::Ignore,
        (
            "aws_lb_target_group_attachment" | "aws_alb_target_group_attachment",
            "target_group_arn",
        ) => Edge::Reverse,
        ("aws_autoscaling_attachment", "lb_target_group_arn" | "alb_target_group_arn" | "elb") => {
            Edge::Reverse
        }
        ("aws_autoscaling_traffic_source_attachment", "traffic_source") => Edge::Reverse,
        ("aws_elb_attachment", "elb") => Edge::Reverse,
        ("aws_lambda_permission", "source_arn" | "source_account" | "principal") => Edge::Reverse,
        ("aws_lambda_event_source_mapping", "event_source_arn") => Edge::Forward,
        ("aws_sns_topic_subscription", "endpoint") => Edge::Soft,
        ("aws_s3_bucket_notification", _) => Edge::Soft,
        ("aws_sqs_queue", "redrive_policy") => Edge::Soft,
        ("aws_api_gateway_base_path_mapping", "domain_name") => Edge::Reverse,
        ("aws_apigatewayv2_api_mapping", "domain_name") => Edge::Reverse,
        ("aws_apigatewayv2_api_mapping", "api_id") => Edge::Forward,
        ("aws_eip", "instance" | "network_interface") => Edge::Forward,
        ("aws_eip_association", "allocation_id" | "public_ip") => Edge::Reverse,
        ("aws_network_interface_attachment", "network_interface_id") => Edge::Reverse,
        ("aws_instance", "network_interface") => Edge::Reverse,
        ("aws_volume_attachment", "instance_id") => Edge::Reverse,
        (
            "aws_cloudfront_distribution",
            "origin" | "origin_group" | "default_cache_behavior" | "ordered_cache_behavior",
        ) => Edge::Forward,
        // IAM: a role is needed by what assumes it; its policies hang off it.
        (
            "aws_iam_role_policy" | "aws_iam_role_policy_attachment" | "aws_iam_policy_attachment",
            "role" | "roles",
        ) => Edge::Reverse,
        ("aws_iam_role", "assume_role_policy") => Edge::Ignore,
        // Replicas: merged into the source's component.
        ("aws_db_instance", "replicate_source_db") => Edge::Replica,
        ("aws_rds_cluster", "replication_source_identifier" | "global_cluster_identifier") => {
            Edge::Replica
        }
        ("aws_elasticache_replication_group", "global_replication_group_id") => Edge::Replica,
        ("aws_elasticache_cluster", "replication_group_id") => Edge::Parent,
        ("aws_sql_database_instance" | "google_sql_database_instance", "master_instance_name") => {
            Edge::Replica
        }
        ("aws_ecs_task_definition", "execution_role_arn") => Edge::Ignore,
        ("aws_lambda_function", "role") => Edge::Forward,
        // Google load balancing: addresses are shared by the DNS record and the rule.
        (
            "google_compute_global_forwarding_rule" | "google_compute_forwarding_rule",
            "ip_address",
        ) => Edge::Reverse,
        ("google_container_node_pool" | "google_container_cluster", "node_config") => Edge::Ignore,
        // Azure: NICs and pools are junctions between VMs and load balancers.
        (
            "azurerm_linux_virtual_machine"
            | "azurerm_windows_virtual_machine"
            | "azurerm_virtual_machine",
            "network_interface_ids" | "primary_network_interface_id",
        ) => Edge::Reverse,
        (
            "azurerm_linux_virtual_machine_scale_set"
            | "azurerm_windows_virtual_machine_scale_set"
            | "azurerm_orchestrated_virtual_machine_scale_set"
            | "azurerm_virtual_machine_scale_set",
            "network_interface" | "network_profile",
        ) => Edge::Reverse,
        (
            "azurerm_network_interface_backend_address_pool_association"
            | "azurerm_network_interface_application_gateway_backend_address_pool_association",
            "backend_address_pool_id",
        ) => Edge::Reverse,
        ("azurerm_lb" | "azurerm_application_gateway", "frontend_ip_configuration") => {
            Edge::Reverse
        }
        (
            "azurerm_linux_virtual_machine"
            | "azurerm_windows_virtual_machine"
            | "azurerm_virtual_machine",
            "availability_set_id",
        ) => Edge::Ignore,
        ("azurerm_mssql_database", "server_id") => Edge::Reverse,
        ("azurerm_sql_database", "server_name") => Edge::Reverse,
        ("azurerm_kubernetes_cluster", "default_node_pool") => Edge::Ignore,
        _ => Edge::Forward,
    }
}

/// Record types that carry no user traffic (verification, mail, delegation).
pub(crate) fn is_traffic_record(record_type: &str, name: &str) -> bool {
    let t = record_type.to_ascii_uppercase();
    !matches!(
        t.as_str(),
        "TXT"
            | "MX"
            | "NS"
            | "SOA"
            | "CAA"
            | "SRV"
            | "SPF"
            | "DS"
            | "PTR"
            | "DNSKEY"
            | "TLSA"
            | "SSHFP"
            | "HTTPS"
            | "SVCB"
            | "NAPTR"
    ) && !name.starts_with('_')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_cover_the_issue_types() {
        for t in [
            "aws_instance",
            "aws_autoscaling_group",
            "aws_lb",
            "aws_elb",
            "aws_db_instance",
            "aws_rds_cluster",
            "aws_dynamodb_table",
            "aws_elasticache_replication_group",
            "aws_s3_bucket",
            "aws_cloudfront_distribution",
            "aws_api_gateway_rest_api",
            "aws_lambda_function",
            "aws_sqs_queue",
            "aws_sns_topic",
            "aws_eks_cluster",
            "aws_ecs_service",
            "aws_efs_file_system",
            "aws_cognito_user_pool",
            "google_compute_instance_group_manager",
            "google_container_cluster",
            "google_sql_database_instance",
            "google_storage_bucket",
            "azurerm_linux_virtual_machine",
            "azurerm_lb",
            "azurerm_application_gateway",
            "azurerm_mssql_database",
            "azurerm_cosmosdb_account",
            "azurerm_storage_account",
            "azurerm_kubernetes_cluster",
        ] {
            assert!(matches!(role(t), Some(Role::Component(_))), "{t}");
        }
        assert_eq!(role("aws_route53_record"), Some(Role::Record));
        assert!(matches!(
            role("aws_rds_cluster_instance"),
            Some(Role::Member(_))
        ));
        assert!(matches!(
            role("aws_api_gateway_integration"),
            Some(Role::Member(_))
        ));
        assert!(matches!(
            role("aws_security_group_rule"),
            Some(Role::Plumbing(_))
        ));
        assert_eq!(role("random_id"), Some(Role::Helper));
        assert_eq!(role("aws_neptune_cluster"), None);
        assert_eq!(role("kubernetes_deployment"), None);
    }

    #[test]
    fn registration_attributes_point_backwards() {
        assert_eq!(
            edge("aws_autoscaling_group", "target_group_arns"),
            Edge::Reverse
        );
        assert_eq!(
            edge("aws_autoscaling_group", "vpc_zone_identifier"),
            Edge::Ignore
        );
        assert_eq!(
            edge("aws_autoscaling_group", "launch_template.id"),
            Edge::Forward
        );
        assert_eq!(
            edge("aws_ecs_service", "load_balancer.target_group_arn"),
            Edge::Reverse
        );
        assert_eq!(
            edge("aws_db_instance", "replicate_source_db"),
            Edge::Replica
        );
    }
}
