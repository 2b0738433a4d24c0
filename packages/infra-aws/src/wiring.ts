// What the AWS platform hands the app that is not an SDK object, as plain data: the platform and `render`
// (`./render`) both take these.

/** The annotation that binds a Kubernetes ServiceAccount to an IAM role (IRSA). */
export const irsaRoleAnnotation = "eks.amazonaws.com/role-arn";
