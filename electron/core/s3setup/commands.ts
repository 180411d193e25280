/**
 * The exact CLI commands and REST calls of the S3 setup, with the user's real names, so the plan
 * can show them (copyable) and a user can run them by hand. Syntax follows the manual recipe in
 * ontap.md and NetApp's documentation.
 */

/** A REST call as the plan shows it. */
export interface RestCall {
  method: string;
  path: string;
  body?: unknown;
}

/** Bytes as ONTAP's CLI takes a size: whole GB, MB or KB when exact, else bytes. */
export function cliSize(bytes: number): string {
  for (const [unit, factor] of [
    ['TB', 1024 ** 4],
    ['GB', 1024 ** 3],
    ['MB', 1024 ** 2],
    ['KB', 1024],
  ] as const) {
    if (bytes >= factor && bytes % factor === 0) return `${bytes / factor}${unit}`;
  }
  return String(bytes);
}

/** `volume create` with a junction path (UNIX security style, as NAS buckets need). */
export function volumeCreate(svm: string, name: string, sizeBytes: number, junctionPath: string) {
  return {
    cli: `volume create -vserver ${svm} -volume ${name} -size ${cliSize(sizeBytes)} -junction-path ${junctionPath} -security-style unix`,
    rest: {
      method: 'POST',
      path: '/api/storage/volumes',
      body: { name, svm: { name: svm }, size: sizeBytes, nas: { path: junctionPath, security_style: 'unix' } },
    } satisfies RestCall,
  };
}

/** Reads one volume's junction path and permissions. */
export function volumeShow(svm: string, name: string) {
  return {
    cli: `volume show -vserver ${svm} -volume ${name} -fields junction-path,unix-permissions`,
    rest: {
      method: 'GET',
      path: `/api/storage/volumes?svm.name=${svm}&name=${name}&fields=nas.path,nas.unix_permissions`,
    } satisfies RestCall,
  };
}

/** `volume modify -unix-permissions` / `PATCH nas.unix_permissions`: the fix for AccessDenied on NAS buckets. */
export function volumeSetPermissions(svm: string, name: string, volumeUuid: string, mode: string) {
  return {
    // The CLI takes the four-digit octal form; REST takes the digits as a number (777).
    cli: `volume modify -vserver ${svm} -volume ${name} -unix-permissions 0${mode}`,
    rest: {
      method: 'PATCH',
      path: `/api/storage/volumes/${volumeUuid}`,
      body: { nas: { unix_permissions: Number(mode) } },
    } satisfies RestCall,
  };
}

/** Step 1 of the recipe: the SVM's object-store server. */
export function serverCreate(svm: string, name: string, http: boolean, https: boolean) {
  return {
    cli: `vserver object-store-server create -vserver ${svm} -object-store-server ${name} -is-http-enabled ${http} -is-https-enabled ${https}`,
    rest: {
      method: 'POST',
      path: '/api/protocols/s3/services',
      body: { svm: { name: svm }, name, enabled: true, is_http_enabled: http, is_https_enabled: https },
    } satisfies RestCall,
  };
}

/** Reads the SVM's object-store server (a reused one). */
export function serverShow(svm: string, svmUuid: string) {
  return {
    cli: `vserver object-store-server show -vserver ${svm}`,
    rest: { method: 'GET', path: `/api/protocols/s3/services/${svmUuid}` } satisfies RestCall,
  };
}

/** Step 2 of the recipe: the S3 user; the answer holds the secret key, shown this once. */
export function userCreate(svm: string, svmUuid: string, user: string) {
  return {
    cli: `vserver object-store-server user create -vserver ${svm} -user ${user}`,
    rest: { method: 'POST', path: `/api/protocols/s3/services/${svmUuid}/users`, body: { name: user } } satisfies RestCall,
  };
}

/** New keys for an existing user (its old keys stop working). */
export function userRegenerateKeys(svm: string, svmUuid: string, user: string) {
  return {
    cli: `vserver object-store-server user regenerate-keys -vserver ${svm} -user ${user}`,
    rest: {
      method: 'PATCH',
      path: `/api/protocols/s3/services/${svmUuid}/users/${user}?regenerate_keys=true`,
      body: {},
    } satisfies RestCall,
  };
}

/** Reads a reused user (its access key; the secret is never shown again). */
export function userShow(svm: string, svmUuid: string, user: string) {
  return {
    cli: `vserver object-store-server user show -vserver ${svm} -user ${user}`,
    rest: { method: 'GET', path: `/api/protocols/s3/services/${svmUuid}/users/${user}` } satisfies RestCall,
  };
}

/** Step 3 of the recipe: the group that gives the user its policy. */
export function groupCreate(svm: string, svmUuid: string, group: string, users: string[], policies: string[]) {
  return {
    cli: `vserver object-store-server group create -vserver ${svm} -name ${group} -users ${users.join(',')} -policies ${policies.join(',')}`,
    rest: {
      method: 'POST',
      path: `/api/protocols/s3/services/${svmUuid}/groups`,
      body: { name: group, users: users.map((name) => ({ name })), policies: policies.map((name) => ({ name })) },
    } satisfies RestCall,
  };
}

/** What a user would run to add members or policies to an existing group (the wizard never does). */
export function groupModify(svm: string, svmUuid: string, id: number | null, group: string, users: string[], policies: string[]) {
  return {
    cli: `vserver object-store-server group modify -vserver ${svm} -name ${group} -users ${users.join(',')} -policies ${policies.join(',')}`,
    rest: {
      method: 'PATCH',
      path: `/api/protocols/s3/services/${svmUuid}/groups/${id ?? '{id}'}`,
      body: { users: users.map((name) => ({ name })), policies: policies.map((name) => ({ name })) },
    } satisfies RestCall,
  };
}

/** Reads a reused group. */
export function groupShow(svm: string, svmUuid: string, group: string) {
  return {
    cli: `vserver object-store-server group show -vserver ${svm} -name ${group}`,
    rest: { method: 'GET', path: `/api/protocols/s3/services/${svmUuid}/groups?name=${group}` } satisfies RestCall,
  };
}

/** Step 4 of the recipe: the NAS bucket on the volume's junction path. */
export function bucketCreate(svm: string, bucket: string, nasPath: string) {
  return {
    cli: `vserver object-store-server bucket create ${bucket} -vserver ${svm} -type nas -nas-path ${nasPath}`,
    // The cluster-wide collection, as the REST client calls it; the SVM goes in the body.
    rest: {
      method: 'POST',
      path: '/api/protocols/s3/buckets',
      body: { svm: { name: svm }, name: bucket, type: 'nas', nas_path: nasPath },
    } satisfies RestCall,
  };
}

/** Reads a reused bucket. */
export function bucketShow(svm: string, svmUuid: string, bucket: string) {
  return {
    cli: `vserver object-store-server bucket show -vserver ${svm} -bucket ${bucket}`,
    rest: { method: 'GET', path: `/api/protocols/s3/services/${svmUuid}/buckets?name=${bucket}` } satisfies RestCall,
  };
}

/** Step 5 of the recipe: the data interface whose address S3 clients use. */
export function interfaceShow(svm: string, svmUuid: string, lif: string | null) {
  return {
    cli: lif ? `network interface show -vserver ${svm} -lif ${lif}` : `network interface show -vserver ${svm}`,
    rest: {
      method: 'GET',
      path: `/api/network/ip/interfaces?svm.uuid=${svmUuid}${lif ? `&name=${lif}` : ''}&fields=name,ip.address,services,state`,
    } satisfies RestCall,
  };
}
